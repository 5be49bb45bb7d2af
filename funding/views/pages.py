"""Kompetencefond pages: the employee's applications, what waits for one's
signature, HR's and managers' overview with the fund's answers, the money per
department, and one application with what the user may do next.

Views parse the request, ask the access policy and call the selectors and
services; an application out of scope answers 404 like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Course
from employees.access import LEAD_KINDS, access_for
from employees.forms import attach
from employees.models import EmployeeAccessLog
from employees.services import employee_access_log
from funding import figures, selectors, services
from funding.downloads import this_year
from funding.forms import (
    ApplicationForm,
    ConfirmedCostsForm,
    DecisionForm,
    FiguresForm,
    ListFilterForm,
)
from funding.models import Role, State
from funding.services.applications import DECISIONS

PAGE_SIZE = 25
CANDIDATES_SHOWN = 200


def _refusal(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do that.")


def _application(request, pk: int):
    return get_object_or_404(selectors.application_list(user=request.user), pk=pk)


def _page(request, applications):
    return Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Lists ----------------------------------------------------------------------------
@login_required
def mine(request):
    """The signed-in employee's own applications, and what they may apply for."""
    own = selectors.application_list(user=request.user).filter(
        lines__employee__user=request.user
    )
    open_enrollments = selectors.enrollments_to_apply_for(user=request.user).filter(
        employee__user=request.user
    )
    context = {
        "page_obj": _page(request, own.order_by("-applied_on", "-id")),
        "can_apply": open_enrollments.exists(),
        "title": _("My fund applications"),
    }
    return render(request, "funding/mine.html", context)


@login_required
def to_sign(request):
    """Applications waiting for the user's signature, in whatever role."""
    waiting = selectors.to_sign(user=request.user).order_by("applied_on", "id")
    context = {"page_obj": _page(request, waiting), "title": _("To sign")}
    return render(request, "funding/to_sign.html", context)


@login_required
def application_list(request):
    """Every application in the scope of HR and managers."""
    access = access_for(request.user)
    if not access.is_lead:
        raise Http404
    form = ListFilterForm(request.GET or None)
    applications = selectors.application_list(user=request.user)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["state"]:
            applications = applications.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["year"]:
            applications = applications.filter(
                applied_on__year=form.cleaned_data["year"]
            )
    context = {
        "form": form,
        "page_obj": _page(request, applications.order_by("-applied_on", "-id")),
    }
    return render(request, "funding/application_list.html", context)


# --- One application ------------------------------------------------------------------
@login_required
def application_detail(request, pk: int):
    application = _application(request, pk)
    lines = list(application.lines.all())
    for line in lines:
        employee_access_log(
            viewer=request.user,
            employee=line.employee,
            channel=EmployeeAccessLog.Channel.PAGE,
            request=request,
        )
    access = access_for(request.user)
    role = services.signer_role(request.user, application, lines)
    may_apply = all(access.can_apply_for(line.employee) for line in lines)
    context = {
        "application": application,
        "lines": lines,
        "signatures": list(application.signatures.all()),
        "sign_role": role,
        "sign_role_label": Role(role).label if role else "",
        "may_sign": role is not None and role == application.awaiting,
        "may_apply": may_apply,
        "may_change_costs": may_apply
        and application.state in (State.DRAFT, State.SIGNED),
        "may_decide": all(access.can_decide_funding(line.employee) for line in lines),
        "decisions": _decisions(application),
        "waiting_for": (
            services.missing_signers(application, lines)
            if application.state == State.DRAFT
            else ""
        ),
        "workbook_url": reverse("report-fund-application", args=[application.pk]),
    }
    return render(request, "funding/application_detail.html", context)


def _decisions(application) -> list[tuple[str, str]]:
    """The answers HR may record next, as (state, label)."""
    return [
        (state, State(state).label)
        for state, after in DECISIONS.items()
        if application.state in after
    ]


def _act(request, pk: int, step, done: str):
    """Run a workflow step on an application in scope; say how it went."""
    application = _application(request, pk)
    try:
        step(application)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, done)
    return redirect("funding_detail", pk=application.pk)


@login_required
@require_POST
def sign(request, pk: int):
    return _act(
        request,
        pk,
        lambda a: services.fund_application_sign(application=a, actor=request.user),
        _("You have signed the application."),
    )


@login_required
@require_POST
def submit(request, pk: int):
    return _act(
        request,
        pk,
        lambda a: services.fund_application_submit(application=a, actor=request.user),
        _("The application is submitted to the fund."),
    )


@login_required
@require_POST
def decide(request, pk: int):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    state = form.cleaned_data["state"]
    return _act(
        request,
        pk,
        lambda a: services.fund_application_decide(
            application=a, state=state, actor=request.user
        ),
        _("The application is marked %(state)s.") % {"state": State(state).label},
    )


@login_required
def costs(request, pk: int):
    """Change the costs; a signed application needs the signers' consent again."""
    application = _application(request, pk)
    initial = {
        "fee": application.fee,
        "materials": application.materials,
        "transport": application.transport,
    }
    form = ConfirmedCostsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_application_set_costs(
                application=application, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach(form, error)
        except PermissionDenied as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The costs are changed."))
            return redirect("funding_detail", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "signed": application.signatures.exists(),
    }
    return render(request, "funding/costs_form.html", context)


# --- A new application ----------------------------------------------------------------
@login_required
def create(request):
    """File an application for one's own enrollment, or (HR, managers) for
    one person or a group on a course."""
    course = _course_choice(request)
    candidates = selectors.enrollments_to_apply_for(user=request.user, course=course)
    # A form offers a page of people, not a municipality: choose a course first.
    shown = list(candidates.values_list("pk", flat=True)[:CANDIDATES_SHOWN])
    form = ApplicationForm(
        request.POST or None, enrollments=candidates.filter(pk__in=shown)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application = services.fund_application_create(
                enrollments=list(data.pop("enrollments")), actor=request.user, **data
            )
        except ValidationError as error:
            attach(form, error)
        except PermissionDenied as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The application is filed. Now it is signed."))
            return redirect("funding_detail", pk=application.pk)
    context = {
        "form": form,
        "course": course,
        "courses": _courses_with_candidates(request.user),
    }
    return render(request, "funding/application_form.html", context)


def _course_choice(request):
    value = request.GET.get("course", "")
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    return Course.objects.filter(pk=int(value)).first()


def _courses_with_candidates(user):
    ids = selectors.enrollments_to_apply_for(user=user).values("course_id")
    return Course.objects.filter(pk__in=ids).order_by("title", "id")


# --- The money per department ---------------------------------------------------------
@login_required
def department_figures(request):
    access = access_for(request.user)
    if not access.is_lead:
        raise Http404
    departments = access.departments(*LEAD_KINDS).order_by("path")
    form = FiguresForm(request.GET or None, departments=departments)
    choice = form.cleaned_data if form.is_bound and form.is_valid() else {}
    department = choice.get("department")
    year = choice.get("year") or this_year()
    rows = figures.funding_figures(user=request.user, department=department, year=year)
    query = {"year": year, **({"department": department.pk} if department else {})}
    context = {
        "form": form,
        "rows": rows,
        "year": year,
        "workbook_url": f"{reverse('report-funding')}?{urlencode(query)}",
    }
    return render(request, "funding/figures.html", context)


# --- Section of a person's page -------------------------------------------------------
def applications_section(request, *, employee, access) -> str:
    """The person's applications, and a way to apply when they may."""
    applications = list(
        selectors.application_list(user=request.user)
        .filter(lines__employee=employee)
        .order_by("-applied_on", "-id")[:10]
    )
    may_apply = access.can_apply_for(employee)
    if not applications and not may_apply:
        return ""
    context = {
        "employee": employee,
        "applications": applications,
        "may_apply": may_apply and employee.is_active,
        "is_self": access.is_self(employee),
    }
    return render_to_string("funding/applications_section.html", context, request)
