"""Fixtures of the badge tests: keys small enough to make quickly, badges made
through the app's own services, and an independent verifier."""

import pytest
from django.utils import timezone

from credentials import keys, services
from tests import factories


@pytest.fixture(autouse=True)
def quick_keys(monkeypatch):
    # A 3072-bit key takes a quarter of a second to make, and most tests make
    # one; 2048 bits exercise the same code.
    monkeypatch.setattr(keys, "KEY_BITS", 2048)


@pytest.fixture
def course(partner):
    course = factories.CourseFactory(
        provider=partner,
        title="Dokumentation i omsorgssystemet",
        description="Journalføring i omsorgssystemet, fra bruger til kyndig.",
        practice_task="Dokumentér tre borgerbesøg og gennemgå dem med en kollega.",
    )
    for code, to_level in (("1.3", 4), ("2.1", 3)):
        factories.CourseOutcomeFactory(
            course=course,
            competence=factories.competence(code),
            from_level=1,
            to_level=to_level,
        )
    return course


@pytest.fixture
def badge(employee, course):
    """Anna's badge for the course, awarded and signed by the services."""
    awarded = services.badge_award(
        employee=employee, course=course, awarded_at=timezone.now()
    )
    return services.badge_sign(badge=awarded)


@pytest.fixture
def stage_badge(employee):
    awarded = services.badge_award(
        employee=employee,
        stage=services.PROFICIENT_STAGE,
        awarded_at=timezone.now(),
    )
    return services.badge_sign(badge=awarded)
