"""Awards hold under concurrency (PostgreSQL, real threads, real transactions):
one badge per employee and achievement, and one issuer, achievement, status
list and signing key per municipality, however many transactions race."""

import pytest
from django.utils import timezone

from credentials import services
from credentials.models import Achievement, Badge, Issuer, IssuerKey, StatusList
from tests import factories
from tests.courses.test_race import race
from tests.credentials.verifier import NotVerified, verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 10


def award(employee):
    services.badge_award(
        employee=employee,
        stage=services.PROFICIENT_STAGE,
        awarded_at=timezone.now(),
    )


def test_one_employee_racing_ten_times_holds_one_badge(digcomp, employee):
    errors = race(award, [employee] * THREADS)
    assert errors == []
    assert Badge.objects.filter(employee=employee).count() == 1


def test_the_first_badges_of_a_municipality_race_to_one_issuer(digcomp, department):
    people = factories.EmployeeFactory.create_batch(THREADS, department=department)
    errors = race(award, people)
    assert errors == []
    assert Badge.objects.count() == THREADS
    assert Issuer.objects.count() == 1
    assert Achievement.objects.count() == 1
    assert StatusList.objects.count() == 1
    # Signed after each commit, by as many tasks at once: one key.
    assert IssuerKey.objects.count() == 1
    assert not Badge.objects.filter(jwt="").exists()
    slots = set(Badge.objects.values_list("status_index", flat=True))
    assert len(slots) == THREADS


def test_revocations_racing_in_one_list_all_reach_the_published_list(
    digcomp, department, hr, client
):
    """Each revocation signs the list under its row lock, after the one
    before it committed: the stored token ends up with every bit."""
    people = factories.EmployeeFactory.create_batch(THREADS, department=department)
    for person in people:
        award(person)
    badges = [services.badge_sign(badge=b) for b in Badge.objects.order_by("pk")]
    errors = race(
        lambda badge: services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl"),
        badges,
    )
    assert errors == []
    for badge in badges:
        with pytest.raises(NotVerified, match="revoked"):
            verify(badge.jwt, client)
