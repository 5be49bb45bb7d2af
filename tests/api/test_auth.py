"""Authentication: sessions with CSRF, staff Bearer tokens, partner API keys."""

import base64
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from rest_framework.test import APIClient

from courses.models import ProviderAPIKey
from employees.models import ApiToken
from tests.api.conftest import key_client, session_client

pytestmark = pytest.mark.django_db


def last_line(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def ids(client, url="/api/v1/employees/"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_token_carries_exactly_the_users_access(manager, employee, other_department):
    from tests import factories

    factories.EmployeeFactory(department=other_department)
    token = last_line("create_api_token", "manager")
    assert ids(bearer(token)) == ids(session_client(manager)) == {employee.pk}


def test_an_employee_gets_a_token_for_their_own_record(employee):
    token = last_line("create_api_token", employee.user.username)
    assert ids(bearer(token)) == {employee.pk}


def test_token_is_stored_hashed_and_expires(manager, settings):
    token = last_line("create_api_token", "manager")
    stored = ApiToken.objects.get(user=manager)
    assert token not in stored.hashed_key
    expected = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    assert abs(stored.expiry_date - expected) < timedelta(minutes=1)


@pytest.mark.parametrize("change", ["expire", "revoke", "deactivate"])
def test_expired_revoked_or_inactive_tokens_are_refused(manager, change):
    token = last_line("create_api_token", "manager")
    stored = ApiToken.objects.get(user=manager)
    if change == "expire":
        stored.expiry_date = timezone.now() - timedelta(seconds=1)
        stored.save()
    elif change == "revoke":
        stored.revoked = True
        stored.save()
    else:
        manager.is_active = False
        manager.save()
    response = bearer(token).get("/api/v1/employees/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("part", ["prefix", "secret"])
def test_a_token_with_a_wrong_part_is_refused(manager, part):
    prefix, _dot, secret = last_line("create_api_token", "manager").partition(".")
    if part == "prefix":
        prefix = "x" * len(prefix)
    else:
        secret = secret[1:] + secret[0]
    response = bearer(f"{prefix}.{secret}").get("/api/v1/employees/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_create_api_token_rejects_unknown_users(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=StringIO())


def test_partner_key_from_the_command_works(partner):
    key = last_line("create_partner_key", partner.code)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get("/api/v1/enrollments/").status_code == 200


def test_partner_key_with_expiry(partner):
    last_line("create_partner_key", partner.code, "--days", "30")
    assert ProviderAPIKey.objects.get(provider=partner).expiry_date is not None


def test_create_partner_key_rejects_unknown_partners(db):
    with pytest.raises(CommandError):
        call_command("create_partner_key", "nobody", stdout=StringIO())


@pytest.mark.parametrize("change", ["expire", "revoke", "deactivate_partner"])
def test_expired_or_revoked_partner_keys_are_refused(partner, change):
    client = key_client(partner)
    stored = ProviderAPIKey.objects.get(provider=partner)
    if change == "expire":
        stored.expiry_date = timezone.now() - timedelta(seconds=1)
        stored.save()
    elif change == "revoke":
        stored.revoked = True
        stored.save()
    else:
        partner.is_active = False
        partner.save()
    assert client.get("/api/v1/enrollments/").status_code == 401


def test_a_wrong_key_is_refused(partner):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Api-Key abc.def")
    assert client.get("/api/v1/courses/").status_code == 401


def test_http_basic_is_not_accepted(hr):
    hr.set_password("demo-password-1")
    hr.save()
    client = APIClient()
    basic = base64.b64encode(b"hr:demo-password-1").decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {basic}")
    response = client.get("/api/v1/employees/")
    assert response.status_code == 401
    assert "Basic" not in response["WWW-Authenticate"]


def test_session_writes_need_the_csrf_token(hr, department):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(hr)
    body = {"name": "Ny", "code": "NY", "parent": department.pk}
    response = client.post("/api/v1/departments/", body, format="json")
    assert response.status_code == 403
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = client.post(
        "/api/v1/departments/", body, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_token_callers_need_no_csrf(hr, department):
    token = last_line("create_api_token", "hr")
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"name": "Ny", "code": "NY", "parent": department.pk}
    assert client.post("/api/v1/departments/", body, format="json").status_code == 201


def test_token_writes_name_the_user_in_the_audit_log(hr, employee):
    from auditlog.models import LogEntry

    token = last_line("create_api_token", "hr")
    response = bearer(token).patch(
        f"/api/v1/employees/{employee.pk}/", {"name": "Anna K. Jensen"}, format="json"
    )
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(employee).latest("timestamp")
    assert entry.actor == hr
