"""The badges on a person's page: links for everyone who may see the page,
revocation with a reason for HR (audited), hiding for the holder."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credentials import services
from credentials.models import Badge

pytestmark = pytest.mark.django_db


def test_the_employee_page_lists_own_badges_with_links(badge, client, employee):
    client.force_login(employee.user)
    page = client.get(f"/employees/{employee.pk}/").content.decode()
    assert f'href="/badges/{badge.uuid}/"' in page
    assert f'href="/badges/{badge.uuid}.json" download' in page
    assert f'href="/badges/{badge.uuid}.jwt" download' in page
    assert "Dokumentation i omsorgssystemet" in page
    assert f"/badges/{badge.uuid}/hide/" in page
    assert f"/badges/{badge.uuid}/revoke/" not in page


def test_hr_sees_the_revoke_form_and_the_manager_does_not(
    badge, client, employee, hr, manager
):
    client.force_login(hr)
    page = client.get(f"/employees/{employee.pk}/").content.decode()
    assert f"/badges/{badge.uuid}/revoke/" in page
    assert f"/badges/{badge.uuid}/hide/" not in page
    client.force_login(manager)
    page = client.get(f"/employees/{employee.pk}/").content.decode()
    assert f'href="/badges/{badge.uuid}/"' in page
    assert f"/badges/{badge.uuid}/revoke/" not in page


def test_hr_revokes_with_a_reason_and_the_trail_records_it(badge, client, hr, employee):
    client.force_login(hr)
    response = client.post(
        f"/badges/{badge.uuid}/revoke/", {"reason": "Registreret på den forkerte"}
    )
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.is_revoked and badge.revoked_by == hr
    assert badge.revocation_reason == "Registreret på den forkerte"
    entry = LogEntry.objects.get_for_object(badge).latest("timestamp")
    assert entry.actor == hr
    assert "revoked_at" in entry.changes
    assert entry.additional_data["employee"] == employee.pk
    # The reason may name people: the trail masks it, as it masks notes.
    assert "revocation_reason" in entry.changes
    assert "Registreret på den forkerte" not in str(entry.changes)


def test_a_revocation_without_a_reason_is_refused(badge, client, hr):
    client.force_login(hr)
    client.post(f"/badges/{badge.uuid}/revoke/", {"reason": "  "})
    assert not Badge.objects.get(pk=badge.pk).is_revoked


@pytest.mark.parametrize("who", ["manager", "employee_user", "other_hr"])
def test_only_hr_over_the_person_may_revoke(badge, client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(f"/badges/{badge.uuid}/revoke/", {"reason": "Fejl"})
    assert response.status_code == 404
    assert not Badge.objects.get(pk=badge.pk).is_revoked


def test_the_holder_hides_and_shows_a_badge(badge, client, employee):
    client.force_login(employee.user)
    client.post(f"/badges/{badge.uuid}/hide/", {"hidden": "on"})
    assert Badge.objects.get(pk=badge.pk).hidden_at is not None
    assert client.get(f"/badges/{badge.uuid}/").status_code == 404
    client.post(f"/badges/{badge.uuid}/hide/", {})
    assert Badge.objects.get(pk=badge.pk).hidden_at is None
    assert client.get(f"/badges/{badge.uuid}/").status_code == 200


@pytest.mark.parametrize("who", ["hr", "manager"])
def test_nobody_else_hides_a_badge(badge, client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(f"/badges/{badge.uuid}/hide/", {"hidden": "on"})
    assert response.status_code == 404
    assert Badge.objects.get(pk=badge.pk).hidden_at is None


def test_actions_need_a_sign_in(badge, client):
    response = client.post(f"/badges/{badge.uuid}/revoke/", {"reason": "Fejl"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_revocation_reason_is_for_hr_and_the_holder_only(
    badge, client, employee, hr, manager
):
    services.badge_revoke(badge=badge, revoked_by=hr, reason="Registreret forkert")
    for user in (hr, employee.user):
        client.force_login(user)
        page = client.get(f"/employees/{employee.pk}/").content.decode()
        assert "Registreret forkert" in page
    client.force_login(manager)
    page = client.get(f"/employees/{employee.pk}/").content.decode()
    assert f'href="/badges/{badge.uuid}/"' in page  # the manager sees the badge
    assert "Registreret forkert" not in page


def test_the_badge_list_leaves_the_signed_credential_unread(badge, client, employee):
    client.force_login(employee.user)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/employees/{employee.pk}/")
    badge_reads = [q["sql"] for q in queries if 'FROM "credentials_badge"' in q["sql"]]
    assert badge_reads
    assert not any('"jwt"' in sql or '"credential"' in sql for sql in badge_reads)


def test_the_admin_lists_and_shows_badges(badge, client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/credentials/badge/").status_code == 200
    page = client.get(f"/admin/credentials/badge/{badge.pk}/change/")
    assert page.status_code == 200
