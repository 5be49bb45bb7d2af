"""Reads of competences, assessments and role profiles, scoped to the user."""

from django.db.models import Prefetch, QuerySet

from competences.models import Assessment, RoleCompetence
from employees import selectors as organisation
from employees.models import JobRole


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
