"""PASSWORD_LOGIN=off: the identity provider signs staff in, passwords are
for superusers only; the admin asks for a second factor when ADMIN_OTP is on."""

import os
import secrets
import subprocess
import sys

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.hr.test_deploy import PRODUCTION_VARS, ROOT

PASSWORD = "demo-password-1"


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def sign_in(client, username):
    return client.post("/login/", {"username": username, "password": PASSWORD})


def test_staff_sign_in_with_a_password_while_it_is_on(client, hr):
    response = sign_in(client, "hr")

    assert response.status_code == 302
    assert response.wsgi_request.user == hr


def test_it_refuses_a_password_from_staff_when_off(client, settings, hr):
    settings.PASSWORD_LOGIN = False

    response = sign_in(client, "hr")

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "not correct" in response.content.decode()


def test_a_superuser_still_signs_in_with_a_password_when_off(
    client, settings, superuser
):
    settings.PASSWORD_LOGIN = False

    response = sign_in(client, "root")

    assert response.status_code == 302
    assert response.wsgi_request.user == superuser


def test_the_login_page_offers_the_municipality_login_first(client, settings, db):
    settings.PASSWORD_LOGIN = False
    settings.OIDC_ISSUER = "http://127.0.0.1:9"

    page = client.get("/login/").content.decode()

    assert 'action="/sso/oidc/start/"' in page
    assert page.index("/sso/oidc/start/") < page.index("<details>")


def test_the_login_page_without_sso_is_the_password_form(client, settings, db):
    settings.OIDC_ISSUER = ""

    page = client.get("/login/").content.decode()

    assert "/sso/oidc/start/" not in page
    assert 'name="password"' in page


def test_without_a_second_factor_a_superuser_cannot_reach_the_admin(
    client, settings, superuser
):
    settings.ADMIN_OTP = True
    client.force_login(superuser)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_login_without_the_code_is_refused(client, settings, superuser):
    settings.ADMIN_OTP = True
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_with_the_totp_code_opens_the_admin(
    client, settings, superuser
):
    settings.ADMIN_OTP = True
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"

    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "root",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": code,
        },
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_without_admin_otp_the_password_opens_the_admin(client, settings, superuser):
    settings.ADMIN_OTP = False
    client.force_login(superuser)

    assert client.get("/admin/").status_code == 200


def test_totp_device_add_prints_the_address_to_scan(superuser, capsys):
    from django.core.management import call_command

    call_command("totp_device_add", "root")

    assert capsys.readouterr().out.startswith("otpauth://totp/")
    assert TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()


def test_check_deploy_is_clean_with_password_login_off():
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARS}
    base.pop("DJANGO_DEBUG", None)
    env = {
        **base,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "postgres://kyndig@127.0.0.1:5432/kyndig",
        "DJANGO_ALLOWED_HOSTS": "kyndig.example.dk",
        "KYNDIG_BASE_URL": "https://kyndig.example.dk",
        "CREDENTIALS_KEY_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "PASSWORD_LOGIN": "off",
        "OIDC_ISSUER": "https://login.microsoftonline.com/tenant/v2.0",
        "OIDC_CLIENT_ID": "kyndig",
        "OIDC_CLIENT_SECRET": secrets.token_urlsafe(32),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
