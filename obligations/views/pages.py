"""Pages of DESIGN §9: HR keeps requirements and campaigns (with the audience
size before saving), leads see compliance and review tries, and a person's
page lists their own requirements and the campaign task to submit.

Views parse, ask the access policy and call selectors and services; a
requirement or campaign out of scope answers 404 like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from courses.models import Course
from employees import selectors as employee_selectors
from employees.access import access_for
from employees.forms import attach
from employees.models import Employee
from obligations import figures, selectors, services
from obligations.audience import members
from obligations.forms import (
    AtForm,
    AudienceForm,
    CampaignForm,
    EvidenceForm,
    ExemptionForm,
    NoteForm,
    RequirementForm,
)
from obligations.models import Campaign, CampaignTry, Requirement
from obligations.status import STATUSES, satisfying_courses, statuses

PAGE_SIZE = 25
# Overdue and due people first: they need action now.
URGENCY = {"overdue": 0, "due": 1, "not_due": 2, "met": 3, "exempt": 4}


def _lead(request):
    access = access_for(request.user)
    if not access.has_grants:
        raise Http404
    return access


@login_required
def overview(request):
    """Requirements and campaigns of the user's municipalities."""
    access = _lead(request)
    context = {
        "requirements": selectors.requirement_list(user=request.user),
        "campaigns": selectors.campaign_list(user=request.user),
        "is_hr": access.is_hr,
    }
    return render(request, "obligations/overview.html", context)


# --- HR keeps them ----------------------------------------------------------------
def _values(form) -> dict:
    data = dict(form.cleaned_data)
    for key in ("departments", "job_roles", "courses"):
        if key in data:
            data[key] = list(data[key])
    if "effective_from" in data and data["effective_from"] is None:
        data.pop("effective_from")
    return data


def _initial(obj) -> dict:
    fields = (
        RequirementForm.base_fields
        if isinstance(obj, Requirement)
        else (CampaignForm.base_fields)
    )
    initial = {}
    for name in fields:
        value = getattr(obj, name)
        initial[name] = list(value.all()) if hasattr(value, "all") else value
    return initial


def _edit(request, *, form_class, obj, create, update, template, done):
    access = access_for(request.user)
    if not access.is_hr:
        raise Http404
    if request.method == "POST":
        form = form_class(request.POST, access=access)
        if form.is_valid():
            try:
                if obj is None:
                    obj = create(actor=request.user, **_values(form))
                else:
                    update(obj, actor=request.user, **_values(form))
            except ValidationError as error:
                attach(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You may not do that."))
            else:
                messages.success(request, done)
                return redirect(obj.get_page_url())
    else:
        form = form_class(initial=_initial(obj) if obj else None, access=access)
    size = (
        _audience_size(form, access)
        if form.is_bound
        else (_count(obj) if obj else None)
    )
    context = {"form": form, "object": obj, "audience_size": size}
    return render(request, template, context)


@login_required
def requirement_create(request):
    return _edit(
        request,
        form_class=RequirementForm,
        obj=None,
        create=services.requirement_create,
        update=None,
        template="obligations/requirement_form.html",
        done=_("The requirement is saved."),
    )


@login_required
def requirement_edit(request, pk: int):
    requirement = get_object_or_404(
        selectors.requirement_list(user=request.user), pk=pk
    )
    return _edit(
        request,
        form_class=RequirementForm,
        obj=requirement,
        create=None,
        update=lambda obj, **v: services.requirement_update(requirement=obj, **v),
        template="obligations/requirement_form.html",
        done=_("The requirement is saved."),
    )


@login_required
def campaign_create(request):
    return _edit(
        request,
        form_class=CampaignForm,
        obj=None,
        create=services.campaign_create,
        update=None,
        template="obligations/campaign_form.html",
        done=_("The campaign is saved."),
    )


@login_required
def campaign_edit(request, pk: int):
    campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=pk)
    return _edit(
        request,
        form_class=CampaignForm,
        obj=campaign,
        create=None,
        update=lambda obj, **v: services.campaign_update(campaign=obj, **v),
        template="obligations/campaign_form.html",
        done=_("The campaign is saved."),
    )


class _Preview:
    """An audience as the form names it, for ``members``."""

    def __init__(self, municipality_id, departments, job_roles, managers_only):
        self.municipality_id = municipality_id
        self.departments = _Many(departments)
        self.job_roles = _Many(job_roles)
        self.managers_only = managers_only


class _Many(list):
    def all(self):
        return self


def _audience_size(form, access) -> int | None:
    """How many people the audience on the form holds today (HR's preview)."""
    departments = (
        list(form.cleaned_data.get("departments") or [])
        if hasattr(form, "cleaned_data")
        else []
    )
    roles = (
        list(form.cleaned_data.get("job_roles") or [])
        if hasattr(form, "cleaned_data")
        else []
    )
    places = {d.municipality_id for d in departments} | {
        r.municipality_id for r in roles
    }
    if len(places) != 1:
        return None
    preview = _Preview(
        places.pop(), departments, roles, bool(form.cleaned_data.get("managers_only"))
    )
    return members(preview, at=timezone.localdate()).count()


def _count(obj) -> int:
    return members(obj, at=timezone.localdate()).count()


@login_required
def audience_size(request):
    """htmx: the audience size of the form's current choices."""
    access = access_for(request.user)
    if not access.is_hr:
        raise Http404
    form = AudienceForm(request.GET, access=access)
    size = _audience_size(form, access) if form.is_valid() else None
    return HttpResponse(_size_text(size))


def _size_text(size) -> str:
    if size is None:
        return _("Choose departments or job roles of one municipality.")
    return ngettext(
        "%(count)d person is in this audience today.",
        "%(count)d people are in this audience today.",
        size,
    ) % {"count": size}


# --- Compliance ---------------------------------------------------------------------
def _at_form(request, access):
    form = AtForm(
        request.GET or None, departments=access.departments().order_by("path")
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, data.get("department"), data.get("at") or timezone.localdate()


@login_required
def requirement_detail(request, pk: int):
    access = _lead(request)
    requirement = get_object_or_404(
        selectors.requirement_list(user=request.user), pk=pk
    )
    form, department, at = _at_form(request, access)
    scope = figures.scope_for(access, department)
    rows = figures.requirement_rows(requirement, scope, at=at)
    lead = scope.lead
    people = statuses(requirement, at=at, within=lead.employees()) if lead else []
    people.sort(key=lambda row: (URGENCY[row.status], row.due_on or at, row.name))
    context = {
        "requirement": requirement,
        "courses": Course.objects.filter(pk__in=satisfying_courses(requirement)),
        "form": form,
        "at": at,
        "rows": rows,
        "statuses": STATUSES,
        "page_obj": Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_exempt": access.is_hr,
        "exemption_form": ExemptionForm(),
    }
    return render(request, "obligations/requirement_detail.html", context)


@login_required
@require_POST
def exemption_grant(request, pk: int):
    requirement = get_object_or_404(
        selectors.requirement_list(user=request.user), pk=pk
    )
    form = ExemptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the exemption."))
        return redirect("requirement_detail", pk=pk)
    employee = get_object_or_404(
        employee_selectors.employee_list(user=request.user),
        pk=form.cleaned_data["employee"],
    )
    try:
        services.exemption_grant(
            requirement=requirement,
            employee=employee,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The person is exempt."))
    return redirect("requirement_detail", pk=pk)


@login_required
def campaign_detail(request, pk: int):
    access = _lead(request)
    campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=pk)
    form, department, at = _at_form(request, access)
    scope = figures.scope_for(access, department)
    waiting = (
        selectors.try_list(user=request.user)
        .filter(campaign=campaign, submission__status=CampaignTry.Review.SUBMITTED)
        .exclude(submission__employee__user=request.user)
    )
    context = {
        "campaign": campaign,
        "form": form,
        "rows": figures.campaign_rows(campaign, scope, at=at),
        "waiting": [t for t in waiting[:50] if access.can_decide(t.employee)],
        "note_form": NoteForm(),
    }
    return render(request, "obligations/campaign_detail.html", context)


@login_required
@require_POST
def try_review(request, pk: int):
    attempt = get_object_or_404(selectors.try_list(user=request.user), pk=pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    step = (
        services.campaign_try_approve
        if request.POST.get("decision") == "approve"
        else services.campaign_try_return
    )
    try:
        step(attempt=attempt, actor=request.user, note=note)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The evidence is reviewed."))
    return redirect("campaign_detail", pk=attempt.campaign_id)


@login_required
@require_POST
def try_submit(request, pk: int):
    employee = Employee.objects.filter(user=request.user).first()
    campaigns = Campaign.objects.filter(pk__in=[c.pk for c in _own_campaigns(employee)])
    campaign = get_object_or_404(campaigns, pk=pk)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe what you tried."))
    else:
        try:
            services.campaign_try_submit(
                campaign=campaign,
                employee=employee,
                evidence=form.cleaned_data["evidence"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Your evidence is sent to your manager."))
    return redirect("employee_detail", pk=employee.pk)


def _own_campaigns(employee) -> list:
    if employee is None:
        return []
    return selectors.audience_of(Campaign, employee)


# --- Sections of other apps' pages ---------------------------------------------------
def employee_section(request, *, employee, access) -> str:
    """The person's requirements (with the courses that meet them) and the
    campaigns they are asked to try."""
    if not access.can_view_employee_detail(employee):
        return ""
    own = selectors.own_statuses(employee)
    requirements = [
        {
            "requirement": requirement,
            "row": row,
            "courses": Course.objects.published().filter(
                pk__in=satisfying_courses(requirement)
            )[:5],
        }
        for requirement, row in own
    ]
    requirements.sort(key=lambda item: URGENCY[item["row"].status])
    campaigns = []
    today = timezone.localdate()
    for campaign in _own_campaigns(employee):
        last = (
            CampaignTry.objects.filter(campaign=campaign, submission__employee=employee)
            .select_related("submission")
            .order_by("-submission__submitted_at", "-id")
            .first()
        )
        campaigns.append(
            {
                "campaign": campaign,
                "last": last,
                "may_submit": access.is_self(employee)
                and campaign.starts_on <= today <= campaign.ends_on
                and (last is None or last.status == CampaignTry.Review.RETURNED),
            }
        )
    if not requirements and not campaigns:
        return ""
    context = {
        "requirements": requirements,
        "campaigns": campaigns,
        "evidence_form": EvidenceForm(),
    }
    return render_to_string("obligations/employee_section.html", context, request)


def dashboard_section(request, *, department, access, **_extra) -> str:
    """For leads: the people overdue or due on a requirement, first."""
    if not access.is_lead:
        return ""
    scope = access.lead_part(access.figure_scope(department))
    if not scope:
        return ""
    today = timezone.localdate()
    urgent = []
    for requirement in selectors.requirement_list(user=request.user):
        for row in statuses(requirement, at=today, within=scope.employees()):
            if row.status in ("overdue", "due"):
                urgent.append((requirement, row))
    urgent.sort(
        key=lambda item: (URGENCY[item[1].status], item[1].due_on, item[1].name)
    )
    if not urgent:
        return ""
    context = {"urgent": urgent[:25], "more": max(len(urgent) - 25, 0)}
    return render_to_string("obligations/dashboard_section.html", context, request)
