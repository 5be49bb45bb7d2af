"""Reads of competences, assessments and role profiles, scoped to the user."""

from django.db.models import Prefetch, QuerySet

from competences.models import Assessment, RoleCompetence
from employees import selectors as organisation
from employees.access import access_for
from employees.models import Employee, JobRole


def roles_with_profile(*, user) -> QuerySet[JobRole]:
    """Job roles the user may see, each with its competence profile."""
    profile = RoleCompetence.objects.select_related("competence")
    return organisation.role_list(user=user).prefetch_related(
        Prefetch("profile", queryset=profile)
    )


def assessment_history(*, employee) -> QuerySet[Assessment]:
    """An employee's assessments, newest first (callers check detail access)."""
    return Assessment.objects.filter(employee=employee).select_related(
        "competence", "assessed_by"
    )


def team_members(*, user, role=None, department=None) -> QuerySet[Employee]:
    """Active people the user leads (never the user), by name; optionally of
    one job role and one department subtree."""
    people = (
        access_for(user)
        .employees(detail=True)
        .active()
        .exclude(user=user)
        .select_related("department", "job_role")
        .order_by("name", "id")
    )
    if role is not None:
        people = people.filter(job_role=role)
    if department is not None:
        people = people.in_subtree(department)
    return people
