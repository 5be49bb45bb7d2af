"""Competence pages: job roles with their profiles, assessments, and the
competence sections of a person's page.

Views parse the request, ask the access policy and call selectors and
services; an object outside the user's scope answers 404 like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competences import selectors
from competences.forms import (
    AssessmentForm,
    ConversationRowForm,
    JobRoleForm,
    ProfileFormSet,
    TeamFilterForm,
    profile_rows,
)
from competences.ladder import ladder
from competences.levels import (
    TeamMember,
    below_any_target,
    employee_levels,
    team_levels,
)
from competences.models import Assessment, Competence, CompetenceArea, Level
from competences.services import (
    assessment_conversation_record,
    assessment_record,
    role_save,
)
from employees.access import LEAD_KINDS, access_for
from employees.forms import attach
from employees.views.pages import detail_employee, log_read

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 25


# --- Job roles (HR) ------------------------------------------------------------------
def _require_hr(user):
    if not access_for(user).is_hr:
        raise Http404


@login_required
def role_list(request):
    _require_hr(request.user)
    roles = selectors.roles_with_profile(user=request.user).select_related(
        "municipality"
    )
    page = Paginator(roles.order_by("name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "competences/role_list.html", {"page_obj": page})


@login_required
def role_edit(request, pk: int | None = None):
    _require_hr(request.user)
    access = access_for(request.user)
    role = None
    if pk is not None:
        role = get_object_or_404(selectors.roles_with_profile(user=request.user), pk=pk)
        if not access.may_keep_roles(role.municipality):
            raise Http404
    form = JobRoleForm(
        request.POST or None,
        instance=role,
        municipalities=access.role_municipalities(),
    )
    profile = ProfileFormSet(request.POST or None, instance=role, prefix="profile")
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        try:
            saved = role_save(
                role=role,
                municipality=form.cleaned_data.get("municipality"),
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                profile=profile_rows(profile),
            )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("role_list")
    context = {"form": form, "profile": profile, "role": role}
    return render(request, "competences/role_form.html", context)


# --- Assessments ----------------------------------------------------------------------
def _levels():
    """DigComp's levels with their descriptors, lowest first."""
    return list(Level.objects.filter(framework__code="digcomp").order_by("level"))


@login_required
def assessment_create(request, pk: int, mode: str):
    """A manager's validated level, or the employee's own self-assessment."""
    employee = detail_employee(request, pk)
    access = access_for(request.user)
    is_self = mode == Assessment.Source.SELF
    allowed = (
        access.can_self_assess(employee) if is_self else access.can_assess(employee)
    )
    if not allowed:
        raise Http404
    log_read(request, employee)
    levels = _levels()
    form = AssessmentForm(
        request.POST or None,
        initial={"competence": request.GET.get("competence")},
        competences=Competence.objects.select_related("framework").order_by(
            "framework__code", "code"
        ),
        levels=levels,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _record_one(employee, mode, request.user, form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("The assessment is recorded."))
            return redirect("employee_detail", pk=employee.pk)
    context = {
        "form": form,
        "employee": employee,
        "is_self": is_self,
        "levels": levels,
    }
    return render(request, "competences/assessment_form.html", context)


def _record_one(employee, mode: str, user, data: dict) -> None:
    assessment_record(
        employee=employee,
        source=mode,
        assessed_by=user,
        competence=data["competence"],
        level=data["level"],
        note=data["note"],
        confirm_lowering=data.get("confirm_lowering", False),
    )


@login_required
def assessment_conversation(request, pk: int):
    """The appraisal talk (MUS): every profile competence in one form, with
    current level, self-assessment, target and what each level means."""
    employee = detail_employee(request, pk)
    if not access_for(request.user).can_assess(employee):
        raise Http404
    log_read(request, employee)
    levels = _levels()
    rows = employee_levels(employee=employee)
    forms = [
        ConversationRowForm(request.POST or None, row=row, levels=levels)
        for row in rows.rows
    ]
    problem = ""
    if request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            recorded = assessment_conversation_record(
                employee=employee,
                rows=[form.service_row() for form in forms],
                assessed_by=request.user,
            )
        except ValidationError as error:
            problem = _attach_rows(forms, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d assessment is recorded.",
                    "%(count)d assessments are recorded.",
                    len(recorded),
                )
                % {"count": len(recorded)},
            )
            return redirect("employee_detail", pk=employee.pk)
    context = {
        "employee": employee,
        "levels": rows,
        "forms": forms,
        "scale": levels,
        "descriptors": {
            level.level: " · ".join(level.descriptors().values()) for level in levels
        },
        "problem": problem,
        "stages": ladder(),
    }
    return render(request, "competences/conversation.html", context)


def _attach_rows(forms, error: ValidationError) -> str:
    """Put the service's errors beside their rows; answers a page-wide one."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    by_key = {f"{form.row.competence.pk}-": form for form in forms}
    for key, messages_ in error.error_dict.items():
        pk, _sep, field = key.partition("-")
        form = by_key.get(f"{pk}-")
        if form is not None:
            for message in messages_:
                form.add_error(field, message)
    return _("Nothing is saved yet: see the marked competences.")


# --- The team ------------------------------------------------------------------------
TEAM_PAGE_SIZE = 25


@login_required
def team(request):
    """People × profile competences: current level against target, gaps
    marked, with the courses for each gap one click away (HR and managers)."""
    access = access_for(request.user)
    if not access.is_lead:
        raise Http404
    form = TeamFilterForm(
        request.GET or None,
        roles=selectors.roles_with_profile(user=request.user).order_by("name"),
        departments=access.departments(*LEAD_KINDS).order_by("path"),
    )
    choice = form.cleaned_data if form.is_bound and form.is_valid() else {}
    people = selectors.team_members(
        user=request.user, role=choice.get("role"), department=choice.get("department")
    )
    if choice.get("gaps_only"):
        people = people.filter(below_any_target())
    page = Paginator(people, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    members = team_levels(employees=people.filter(pk__in=[e.pk for e in page]))
    competences = _team_columns(choice.get("role"), members)
    stages = {stage.code: stage.name for stage in ladder()}
    rows = []
    for employee in page:
        member = members.get(employee.pk, TeamMember())
        cells = [(c, member.cells.get(c.pk)) for c in competences]
        rows.append(
            {
                "employee": employee,
                "member": member,
                "stage": stages[member.stage],
                "cells": cells,
            }
        )
    context = {"form": form, "page_obj": page, "rows": rows, "competences": competences}
    return render(request, "competences/team.html", context)


def _team_columns(role, members) -> list[Competence]:
    """The chosen role's profile, else every profile competence on the page."""
    if role is not None:
        return [item.competence for item in role.profile.all()]
    ids = {
        pk
        for member in members.values()
        for pk, (_level, target) in member.cells.items()
        if target is not None
    }
    return list(Competence.objects.filter(pk__in=ids).order_by("code"))


# --- Help ---------------------------------------------------------------------------
def levels_help(request):
    """What the numbers and codes on the pages mean: DigComp's levels and
    competence codes, and the ladder's stages. Public, like the catalogue."""
    areas = CompetenceArea.objects.filter(framework__code="digcomp").prefetch_related(
        "competences"
    )
    context = {"scale": _levels(), "stages": ladder(), "areas": areas}
    return render(request, "competences/levels_help.html", context)


# --- Sections of a person's page ---------------------------------------------------
def levels_section(request, *, employee, access) -> str:
    """Overall level, stage and each competence against the role's target."""
    levels = employee_levels(employee=employee)
    context = {
        "employee": employee,
        "levels": levels,
        "stages": ladder(),
        "can_assess": access.can_assess(employee),
        "can_self_assess": access.can_self_assess(employee),
    }
    return render_to_string("competences/levels_section.html", context, request)


def history_section(request, *, employee, access) -> str:
    """The assessment history, a page at a time."""
    history = Paginator(
        selectors.assessment_history(employee=employee), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render_to_string(
        "competences/history_section.html", {"page_obj": history}, request
    )
