"""Course pages: catalogue, course page, requests, decisions, evidence, bulk enroll.

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

from competences.levels import below_target, employee_levels
from courses import selectors, services
from courses.forms import (
    BulkEnrollForm,
    BulkPickForm,
    CatalogueFilterForm,
    EvidenceForm,
    RejectForm,
    ReviewForm,
)
from courses.models import Enrollment, PracticeTaskSubmission
from employees import selectors as employee_selectors
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
    form = CatalogueFilterForm(request.GET or None)
    courses = selectors.course_list(user=request.user)
    if form.is_bound and form.is_valid():
        courses = selectors.catalogue_filter(courses, **form.cleaned_data)
    page = Paginator(courses.order_by("title", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/catalogue.html", {"form": form, "page_obj": page})


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
            (session, session.pk in open_ids, session.capacity - session.enrolled_count)
            for session in sessions
        ],
        "employee": employee,
        "live_enrollment": live,
        "can_request": employee is not None and employee.is_active and live is None,
        "can_enroll_others": access.is_hr,
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


def _lead_enrollment(request, pk: int) -> Enrollment:
    """An enrollment the user may decide on; anything else is a 404."""
    enrollment = get_object_or_404(selectors.enrollment_list(user=request.user), pk=pk)
    if not access_for(request.user).can_decide(enrollment.employee):
        raise Http404
    return enrollment


@login_required
@require_POST
def enrollment_decide(request, pk: int, decision: str):
    enrollment = _lead_enrollment(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return back_to(request, "dashboard")
    try:
        if decision == "approve":
            enrollment = services.enrollment_approve(
                enrollment=enrollment, approved_by=request.user
            )
        else:
            enrollment = services.enrollment_reject(
                enrollment=enrollment,
                rejected_by=request.user,
                reason=form.cleaned_data["reason"],
            )
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {
                "name": enrollment.employee.name,
                "status": enrollment.get_status_display(),
            },
        )
    return back_to(request, "dashboard")


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


@login_required
@require_POST
def practice_task_review(request, pk: int):
    submission = get_object_or_404(
        selectors.practice_task_list(user=request.user), pk=pk
    )
    if not access_for(request.user).can_decide(submission.enrollment.employee):
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return back_to(request, "dashboard")
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            services.practice_task_approve(
                submission=submission, reviewed_by=request.user, note=note
            )
            text = _("The practice task of %(name)s is approved.")
        else:
            services.practice_task_return(
                submission=submission, reviewed_by=request.user, note=note
            )
            text = _("The practice task of %(name)s is returned with your note.")
    except ValidationError as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, text % {"name": submission.enrollment.employee.name})
    return back_to(request, "dashboard")


# --- HR: enroll several employees at once -------------------------------------


@login_required
def session_bulk_enroll(request, pk: int):
    access = access_for(request.user)
    if not access.is_hr:
        raise Http404
    session = get_object_or_404(selectors.session_list(user=request.user), pk=pk)
    scope = employee_selectors.employees_enrollable_by(user=request.user)
    pick = BulkPickForm(
        request.GET or None,
        departments=access.hr_departments(),
        roles=employee_selectors.role_list(user=request.user),
    )
    context = {"session": session, "pick": pick, "results": None, "form": None}
    if request.method == "POST":
        # Only the posted people are offered again if the form comes back.
        posted = [
            pk
            for pk in request.POST.getlist("employees")
            if pk.isascii() and pk.isdigit() and len(pk) <= 18
        ]
        form = BulkEnrollForm(request.POST, candidates=scope.filter(pk__in=posted))
        if form.is_valid():
            chosen = _in_posted_order(request, form.cleaned_data["employees"])
            results = services.session_enroll_bulk(
                session=session, employees=chosen, enrolled_by=request.user
            )
            context["results"] = _named_results(results, chosen)
        context["form"] = form
    elif pick.is_bound and pick.is_valid():
        candidates = _candidates(scope, **pick.cleaned_data)
        context["form"] = BulkEnrollForm(
            candidates=scope.filter(pk__in=[e.pk for e in candidates]),
            initial={"employees": [e.pk for e in candidates]},
        )
        context["candidate_count"] = len(candidates)
    return render(request, "courses/bulk_enroll.html", context)


BULK_MAX = 500


def _candidates(scope, *, department=None, role=None, gap=None) -> list[Employee]:
    employees = scope
    if department is not None:
        employees = employees.in_subtree(department)
    if role is not None:
        employees = employees.filter(job_role=role)
    if gap is not None:
        employees = employees.filter(job_role__profile__competence=gap)
    employees = list(employees.order_by("name", "id")[:BULK_MAX])
    if gap is not None:
        below = below_target(
            employees=Employee.objects.filter(pk__in=[e.pk for e in employees]),
            competence=gap,
        )
        employees = [e for e in employees if e.pk in below]
    return employees


def _in_posted_order(request, employees) -> list[Employee]:
    by_id = {str(e.pk): e for e in employees}
    return [by_id[pk] for pk in request.POST.getlist("employees") if pk in by_id]


def _named_results(results: list[dict], employees: list[Employee]) -> list[dict]:
    names = {e.pk: e.name for e in employees}
    return [
        {
            **result,
            "name": names.get(result["employee"], ""),
            "outcome": result.get("status", "refused"),
        }
        for result in results
    ]


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
