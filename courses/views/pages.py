"""Course pages: catalogue, course page, requests, withdrawals, evidence.

Views parse the request, ask ``access_for(user)``, and call the selectors and
workflow services; they hold no rule of their own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competences.levels import employee_levels
from courses import selectors, services
from courses.forms import CatalogueFilterForm, EvidenceForm
from courses.models import Enrollment, PracticeTaskSubmission
from employees.access import access_for
from employees.models import Employee

PAGE_SIZE = 20


def own_employee(user) -> Employee | None:
    """The signed-in user's own employee record, if there is one."""
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).select_related("department").first()


def back_to(request, fallback: str):
    """Redirect to the page the form was posted from, if it is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def refusal_message(error: ValidationError) -> str:
    return " ".join(error.messages)


def catalogue(request):
    """The published catalogue; public, like the catalogue in the API."""
    employee = own_employee(request.user)
    gaps = employee_levels(employee=employee).gaps() if employee else {}
    form = CatalogueFilterForm(request.GET or None, has_gaps=bool(gaps))
    choice = dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}
    if not choice.pop("my_gaps", False):
        gaps = None
    courses = selectors.catalogue_list(
        selectors.course_list(user=request.user), gaps=gaps, **choice
    )
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "next": selectors.next_sessions([course.pk for course in page]),
    }
    return render(request, "courses/catalogue.html", context)


def course_detail(request, pk: int):
    course = get_object_or_404(selectors.course_list(user=request.user), pk=pk)
    now = timezone.now()
    sessions = (
        selectors.session_list(user=request.user)
        .filter(course=course, ends_at__gte=now)
        .order_by("starts_at")
    )
    open_ids = set(
        sessions.model.objects.filter(course=course)
        .open_for_enrollment()
        .values_list("pk", flat=True)
    )
    employee = own_employee(request.user)
    live = None
    if employee is not None:
        live = (
            Enrollment.objects.live()
            .filter(employee=employee, course=course)
            .select_related("session")
            .first()
        )
    access = access_for(request.user)
    context = {
        "course": course,
        "sessions": [
            (session, session.pk in open_ids, session.capacity - session.seats_taken)
            for session in sessions
        ],
        "employee": employee,
        "live_enrollment": live,
        "can_request": employee is not None and employee.is_active and live is None,
        "can_enroll_others": access.is_hr,
        "can_see_rosters": access.is_lead,
    }
    return render(request, "courses/course_detail.html", context)


@login_required
@require_POST
def session_request(request, pk: int):
    """The signed-in employee asks for a seat on a session."""
    session = get_object_or_404(selectors.session_list(user=request.user), pk=pk)
    employee = own_employee(request.user)
    if employee is None:
        raise Http404
    try:
        enrollment = services.enrollment_create(
            employee=employee, session=session, actor=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("Your place on %(course)s is now: %(status)s.")
            % {
                "course": session.course.title,
                "status": enrollment.get_status_display(),
            },
        )
    return redirect("course_detail", pk=session.course_id)


def _refusal(error) -> str:
    if isinstance(error, ValidationError):
        return refusal_message(error)
    return _("You may not do that.")


@login_required
@require_POST
def enrollment_withdraw(request, pk: int):
    enrollment = get_object_or_404(selectors.enrollment_list(user=request.user), pk=pk)
    if not access_for(request.user).can_withdraw(enrollment.employee):
        raise Http404
    try:
        services.enrollment_withdraw(enrollment=enrollment, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, _("The enrollment is withdrawn."))
    return back_to(request, "my_page")


@login_required
def evidence_submit(request, pk: int):
    """The employee's practice-task evidence; a page that works on a phone."""
    enrollment = get_object_or_404(selectors.enrollment_list(user=request.user), pk=pk)
    if not access_for(request.user).can_submit_evidence(enrollment.employee):
        raise Http404
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_task_submit(
                enrollment=enrollment,
                evidence=form.cleaned_data["evidence"],
                submitted_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(
                request, _("Thank you. Your manager will review the evidence.")
            )
            return redirect("employee_detail", pk=enrollment.employee_id)
    submissions = enrollment.practice_tasks.all()
    context = {"enrollment": enrollment, "form": form, "submissions": submissions}
    return render(request, "courses/evidence_form.html", context)


# --- Section of a person's page -----------------------------------------------------
EVIDENCE_STATUSES = {Enrollment.Status.ENROLLED, Enrollment.Status.ATTENDED}


def enrollments_section(request, *, employee, access) -> str:
    """Courses for the person's gaps, and their enrollments with what they
    may do next (withdraw, submit practice-task evidence)."""
    levels = employee_levels(employee=employee)
    gaps = levels.gaps()
    by_competence = selectors.course_suggestions(user=request.user, levels=gaps)
    suggestions = [
        (row.competence, by_competence[row.competence.pk])
        for row in levels.rows
        if by_competence.get(row.competence.pk)
    ]
    context = {
        "employee": employee,
        "gaps": gaps,
        "suggestions": suggestions,
        "enrollments": _enrollment_rows(request.user, employee),
        "can_withdraw": access.can_withdraw(employee),
        "can_decide": access.can_decide(employee),
        "can_submit_evidence": access.can_submit_evidence(employee),
    }
    return render_to_string("courses/enrollments_section.html", context, request)


def _enrollment_rows(user, employee) -> list[dict]:
    enrollments = (
        selectors.enrollment_list(user=user)
        .filter(employee=employee)
        .prefetch_related("practice_tasks")
        .order_by("-created_at", "-id")
    )
    rows = []
    for enrollment in enrollments:
        submissions = list(enrollment.practice_tasks.all())
        open_task = any(
            s.status != PracticeTaskSubmission.Review.RETURNED for s in submissions
        )
        rows.append(
            {
                "enrollment": enrollment,
                "latest_task": submissions[0] if submissions else None,
                "evidence_due": enrollment.course.has_practice_task
                and enrollment.status in EVIDENCE_STATUSES
                and not open_task,
            }
        )
    return rows
