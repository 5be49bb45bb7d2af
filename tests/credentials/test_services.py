"""Revoking and hiding badges: what the services allow and refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import translation

from credentials import services
from credentials.models import Badge
from privacy.retention import employee_anonymise
from tests.credentials.verifier import NotVerified, verify

pytestmark = pytest.mark.django_db


def test_revoking_needs_a_reason_and_changes_nothing_without_one(badge, hr):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.badge_revoke(badge=badge, revoked_by=hr, reason="   ")
    assert caught.value.error_dict["reason"][0].code == "required"
    assert not Badge.objects.get(pk=badge.pk).is_revoked


def test_revocation_is_for_good(badge, hr, events):
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.badge_revoke(badge=badge, revoked_by=hr, reason="Igen")
    assert caught.value.error_dict["reason"][0].code == "already_revoked"
    stored = Badge.objects.get(pk=badge.pk)
    assert stored.revocation_reason == "Fejl" and stored.state == "revoked"
    assert [p["badge"] for p in events.of("badge_revoked")] == [badge]


def test_hiding_and_showing_leave_the_credential_alone(badge):
    token = badge.jwt
    hidden = services.badge_hide(badge=badge, hidden=True)
    assert hidden.hidden_at is not None and hidden.state == "valid"
    assert not Badge.objects.public().filter(pk=badge.pk).exists()
    again = services.badge_hide(badge=badge, hidden=True)
    assert again.hidden_at == hidden.hidden_at
    shown = services.badge_hide(badge=badge, hidden=False)
    assert shown.hidden_at is None and shown.jwt == token


def test_the_identity_hash_follows_open_badges():
    # The example of the specification's IdentityHash: 'a@example.com' salted
    # with 'Kosher'.
    assert services.identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )
    assert services.identity_hash(" A@Example.com ", "Kosher") == (
        services.identity_hash("a@example.com", "Kosher")
    )


def test_a_badge_outlives_any_attempt_to_delete_its_holder(badge, hr, client):
    """Deleting the employee would take the revoked badge and its status bit
    with it, making the revoked credential verify as valid again."""
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl")
    with pytest.raises(ProtectedError):
        badge.employee.delete()
    stored = Badge.objects.get(pk=badge.pk)
    assert stored.state == "revoked"
    with pytest.raises(NotVerified, match="revoked"):
        verify(stored.jwt, client)


def test_anonymising_the_holder_keeps_the_revocation(badge, hr, client):
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Fejl")
    employee_anonymise(employee=badge.employee)
    stored = Badge.objects.get(pk=badge.pk)
    assert stored.state == "revoked" and stored.revocation_reason == "***"
    with pytest.raises(NotVerified, match="revoked"):
        verify(stored.jwt, client)
