import pytest
from django.test import Client
from django.urls import reverse


def test_pages_for_a_signed_in_user_are_not_stored(client, hr):
    client.force_login(hr)
    response = client.get(reverse("home"), follow=True)
    assert "no-store" in response["Cache-Control"]


def test_api_answers_are_not_stored_even_when_refused(client, db):
    response = client.get("/api/v1/employees/")
    assert response.status_code == 401
    assert "no-store" in response["Cache-Control"]


def test_the_public_catalogue_may_be_cached(client, db):
    response = client.get(reverse("catalogue"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_pages_send_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("catalogue"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_sixth_failed_login_is_locked_out(client, hr):
    url = reverse("login")
    for attempt in range(1, 6):
        response = client.post(url, {"username": "hr", "password": "wrong"})
        if attempt < 5:
            assert response.status_code == 200  # the form again, with an error
    # Even the right password is refused once locked out.
    response = client.post(url, {"username": "hr", "password": "demo-password-1"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_before_the_limit_signs_in(client, hr):
    url = reverse("login")
    for _ in range(4):
        client.post(url, {"username": "hr", "password": "wrong"})
    response = client.post(url, {"username": "hr", "password": "demo-password-1"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(hr.pk)


@pytest.mark.urls("tests.hr.error_urls")
def test_a_server_error_shows_the_generic_page_without_internals(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body or "Noget gik galt" in body
    assert "secret internals" not in body and "Traceback" not in body
