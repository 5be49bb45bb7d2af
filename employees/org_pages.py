"""HR pages for the organisation: departments and job roles with their profiles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from employees import selectors
from employees.access import Kind, access_for
from employees.forms import DepartmentForm, JobRoleForm, ProfileFormSet
from employees.models import Department

PAGE_SIZE = 50


def _require_hr(user):
    if not access_for(user).is_hr:
        raise Http404


@login_required
def department_list(request):
    _require_hr(request.user)
    departments = Department.objects.visible_to(request.user, (Kind.HR,))
    page = Paginator(departments.select_related("parent"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
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
    parents = Department.objects.visible_to(request.user, (Kind.HR,))
    form = DepartmentForm(request.POST or None, instance=department, parents=parents)
    if request.method == "POST" and form.is_valid():
        # Only a new department needs the right to create under its parent; the
        # parent of an existing one is fixed.
        creating = department is None
        if creating and not access.can_create_department_under(
            form.cleaned_data["parent"]
        ):
            raise Http404
        saved = form.save()
        messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
        return redirect("department_list")
    context = {"form": form, "department": department}
    return render(request, "employees/department_form.html", context)


def _hr_municipalities(user):
    """Municipalities whose roles the user keeps: HR over the whole municipality."""
    roots = Department.objects.roots()
    if user.is_superuser:
        return roots
    return roots.in_paths(access_for(user).paths(Kind.HR))


@login_required
def role_list(request):
    _require_hr(request.user)
    roles = selectors.role_list(user=request.user).select_related("municipality")
    page = Paginator(roles.order_by("name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "employees/role_list.html", {"page_obj": page})


@login_required
def role_edit(request, pk: int | None = None):
    _require_hr(request.user)
    access = access_for(request.user)
    role = None
    if pk is not None:
        role = get_object_or_404(selectors.role_list(user=request.user), pk=pk)
        if not access.can_edit_department(role.municipality):
            raise Http404
    form = JobRoleForm(
        request.POST or None,
        instance=role,
        municipalities=_hr_municipalities(request.user),
    )
    profile = ProfileFormSet(request.POST or None, instance=role, prefix="profile")
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        with transaction.atomic():
            saved = form.save()
            profile.instance = saved
            profile.save()
        messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
        return redirect("role_list")
    context = {"form": form, "profile": profile, "role": role}
    return render(request, "employees/role_form.html", context)
