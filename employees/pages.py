"""Pages about people: start page, employee page, employee list and forms, assessments.

Views parse the request, ask ``access_for(user)`` and call selectors and
services; an object outside the user's scope answers 404 like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from competences.models import Assessment, Competence
from competences.services import assessment_record
from courses import selectors as course_selectors
from courses.models import Enrollment, PracticeTaskSubmission
from employees import selectors
from employees.access import Kind, access_for
from employees.forms import AssessmentForm, EmployeeFilterForm, EmployeeForm
from employees.models import Department, Employee, EmployeeAccessLog
from employees.services import employee_access_log
from reports.figures import employee_competences, ladder

PAGE_SIZE = 25
EVIDENCE_STATUSES = {Enrollment.Status.ENROLLED, Enrollment.Status.ATTENDED}


@login_required
def home(request):
    """Send each user to their natural start page."""
    access = access_for(request.user)
    if access.has_grants:
        return redirect("dashboard")
    if Employee.objects.filter(user=request.user).exists():
        return redirect("my_page")
    return redirect("catalogue")


@login_required
def my_page(request):
    employee = Employee.objects.filter(user=request.user).first()
    if employee is None:
        raise Http404
    return redirect("employee_detail", pk=employee.pk)


def _detail_employee(request, pk: int) -> Employee:
    employee = get_object_or_404(
        selectors.employee_list(user=request.user, detail=True), pk=pk
    )
    if not access_for(request.user).can_view_employee_detail(employee):
        raise Http404
    return employee


@login_required
def employee_detail(request, pk: int):
    employee = _detail_employee(request, pk)
    access = access_for(request.user)
    employee_access_log(
        viewer=request.user, employee=employee, channel=EmployeeAccessLog.Channel.PAGE
    )
    competences = employee_competences(employee=employee)
    gaps = {
        row.competence.pk: (row.current_level, row.target_level)
        for row in competences.rows
        if (row.gap or 0) > 0
    }
    suggestions = course_selectors.course_suggestions(user=request.user, levels=gaps)
    history = Paginator(
        selectors.assessment_history(employee=employee), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "employee": employee,
        "competences": competences,
        "stages": ladder(),
        "rows": [
            (row, suggestions.get(row.competence.pk, [])) for row in competences.rows
        ],
        "page_obj": history,
        "enrollments": _enrollments(request.user, employee),
        "is_self": access.is_self(employee),
        "can_assess": access.can_assess(employee),
        "can_self_assess": access.can_self_assess(employee),
        "can_edit": access.can_edit_employee(employee),
        "can_withdraw": access.can_withdraw(employee),
        "can_submit_evidence": access.can_submit_evidence(employee),
    }
    return render(request, "employees/employee_detail.html", context)


def _enrollments(user, employee) -> list[dict]:
    enrollments = (
        course_selectors.enrollment_list(user=user)
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


@login_required
def employee_list(request):
    access = access_for(request.user)
    if not access.has_grants:
        raise Http404
    departments = selectors.department_list(user=request.user)
    form = EmployeeFilterForm(request.GET or None, departments=departments)
    employees = selectors.employee_list(user=request.user)
    if form.is_bound and form.is_valid():
        query, department = form.cleaned_data["q"], form.cleaned_data["department"]
        if query:
            # Viewers see names only, so a number finds only those whose
            # details the user may see.
            detailed = selectors.employee_list(user=request.user, detail=True)
            employees = employees.filter(
                Q(name__icontains=query)
                | Q(employee_number=query, pk__in=detailed.values("pk"))
            )
        if department is not None:
            employees = employees.in_subtree(department)
    page = Paginator(employees.order_by("name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    detail_ids = set(
        selectors.employee_list(user=request.user, detail=True)
        .filter(pk__in=[e.pk for e in page])
        .values_list("pk", flat=True)
    )
    context = {
        "form": form,
        "page_obj": page,
        "detail_ids": detail_ids,
        "can_create": access.is_hr,
    }
    return render(request, "employees/employee_list.html", context)


def _hr_departments(user):
    return Department.objects.visible_to(user, (Kind.HR,))


@login_required
def employee_edit(request, pk: int | None = None):
    access = access_for(request.user)
    employee = None
    if pk is not None:
        employee = get_object_or_404(selectors.employee_list(user=request.user), pk=pk)
        if not access.can_edit_employee(employee):
            raise Http404
    elif not access.is_hr:
        raise Http404
    form = EmployeeForm(
        request.POST or None,
        instance=employee,
        departments=_hr_departments(request.user),
        roles=selectors.role_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
        return redirect("employee_list")
    return render(
        request, "employees/employee_form.html", {"form": form, "employee": employee}
    )


@login_required
def assessment_create(request, pk: int, mode: str):
    """A manager's validated level, or the employee's own self-assessment."""
    employee = _detail_employee(request, pk)
    access = access_for(request.user)
    allowed = (
        access.can_self_assess(employee)
        if mode == Assessment.Source.SELF
        else access.can_assess(employee)
    )
    if not allowed:
        raise Http404
    form = AssessmentForm(
        request.POST or None,
        initial={"competence": request.GET.get("competence")},
        competences=_assessable(employee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment_record(
                employee=employee,
                source=mode,
                assessed_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The assessment is recorded."))
            return redirect("employee_detail", pk=employee.pk)
    context = {"form": form, "employee": employee, "is_self": mode == "self"}
    return render(request, "employees/assessment_form.html", context)


def _assessable(employee: Employee):
    """Every competence may be assessed, not only the role profile's."""
    return Competence.objects.select_related("framework").order_by(
        "framework__code", "code"
    )


def _attach(form, error: ValidationError) -> None:
    """Put a service's refusal next to its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            form.add_error(target, errors)
    else:
        form.add_error(None, error)
