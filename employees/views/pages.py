"""Pages about people and the organisation: start page, employee page, the
employee list and forms, departments.

Views parse the request, ask the access policy and call selectors and
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

from employees import sections, selectors, services
from employees.access import access_for
from employees.forms import (
    DepartmentForm,
    EmployeeFilterForm,
    EmployeeForm,
    attach,
)
from employees.models import Employee, EmployeeAccessLog

PAGE_SIZE = 25
DEPARTMENT_PAGE_SIZE = 50


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


def detail_employee(request, pk: int) -> Employee:
    """An employee whose details the user may see; anyone else is a 404."""
    return get_object_or_404(
        selectors.employee_list(user=request.user, detail=True), pk=pk
    )


def log_read(request, employee: Employee) -> None:
    """Pages that show one person's details say so in the read-access log."""
    services.employee_access_log(
        viewer=request.user,
        employee=employee,
        channel=EmployeeAccessLog.Channel.PAGE,
        request=request,
    )


@login_required
def employee_detail(request, pk: int):
    """A person's page: who they are, then what each app knows of them."""
    employee = detail_employee(request, pk)
    access = access_for(request.user)
    log_read(request, employee)
    context = {
        "employee": employee,
        "can_edit": access.can_edit_employee(employee),
        "sections": sections.render(
            sections.EMPLOYEE_PAGE, request, employee=employee, access=access
        ),
    }
    return render(request, "employees/employee_detail.html", context)


@login_required
def employee_list(request):
    access = access_for(request.user)
    if not access.has_grants:
        raise Http404
    departments = selectors.department_list(user=request.user)
    form = EmployeeFilterForm(request.GET or None, departments=departments)
    employees = selectors.employee_list(user=request.user)
    detailed = selectors.employee_list(user=request.user, detail=True)
    if form.is_bound and form.is_valid():
        query, department = form.cleaned_data["q"], form.cleaned_data["department"]
        if query:
            # Viewers see names only, so a number finds only those whose
            # details the user may see.
            employees = employees.filter(
                Q(name__icontains=query)
                | Q(employee_number=query, pk__in=detailed.values("pk"))
            )
        if department is not None:
            # Where someone works is a detail viewers do not see, so the
            # filter finds only those the user may see in detail.
            employees = employees.in_subtree(department).filter(
                pk__in=detailed.values("pk")
            )
    page = Paginator(employees.order_by("name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    detail_ids = set(
        detailed.filter(pk__in=[e.pk for e in page]).values_list("pk", flat=True)
    )
    context = {
        "form": form,
        "page_obj": page,
        "detail_ids": detail_ids,
        "can_create": access.is_hr,
    }
    return render(request, "employees/employee_list.html", context)


@login_required
def employee_edit(request, pk: int | None = None):
    access = access_for(request.user)
    employee = None
    if pk is not None:
        employee = get_object_or_404(selectors.employee_list(user=request.user), pk=pk)
        if not access.can_edit_employee(employee):
            raise Http404
        log_read(request, employee)
    elif not access.is_hr:
        raise Http404
    form = EmployeeForm(
        request.POST or None,
        instance=employee,
        departments=access.hr_departments(),
        roles=selectors.role_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_employee(request.user, employee, form.service_fields())
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("employee_list")
    return render(
        request, "employees/employee_form.html", {"form": form, "employee": employee}
    )


def _save_employee(user, employee, fields) -> Employee:
    if employee is None:
        return services.employee_create(actor=user, **fields)
    return services.employee_update(employee=employee, actor=user, **fields)


# --- Departments (HR) ---------------------------------------------------------------


def _require_hr(user):
    if not access_for(user).is_hr:
        raise Http404


@login_required
def department_list(request):
    _require_hr(request.user)
    departments = access_for(request.user).hr_departments()
    page = Paginator(
        departments.select_related("parent"), DEPARTMENT_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "employees/department_list.html", {"page_obj": page})


@login_required
def department_edit(request, pk: int | None = None):
    access = access_for(request.user)
    department = None
    if pk is not None:
        department = get_object_or_404(
            selectors.department_list(user=request.user), pk=pk
        )
        if not access.can_edit_department(department):
            raise Http404
    else:
        _require_hr(request.user)
    form = DepartmentForm(
        request.POST or None, instance=department, parents=access.hr_departments()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Only a new department needs the right to create under its parent; the
        # parent of an existing one is fixed.
        if department is None and not access.can_create_department_under(
            data["parent"]
        ):
            raise Http404
        try:
            if department is None:
                saved = services.department_create(
                    parent=data["parent"], name=data["name"], code=data["code"]
                )
            else:
                saved = services.department_update(
                    department=department, name=data["name"], code=data["code"]
                )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("department_list")
    context = {"form": form, "department": department}
    return render(request, "employees/department_form.html", context)
