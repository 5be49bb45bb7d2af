"""The Idempotency-Key header itself: what a key may be."""

import pytest

from api.idempotency import MAX_KEY_LENGTH
from courses.models import Course
from tests.api.conftest import key_client
from tests.api.test_partner_flow import COURSE

pytestmark = pytest.mark.django_db


def post_course(api, key: str):
    return api.post("/api/v1/courses/", COURSE, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_key_longer_than_the_limit_is_refused_before_anything_is_done(partner):
    response = post_course(key_client(partner), "k" * (MAX_KEY_LENGTH + 1))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "idempotency_key_invalid"
    assert not Course.objects.exists()


def test_keys_that_differ_past_the_limit_are_not_mixed_up(partner):
    api = key_client(partner)
    common = "k" * MAX_KEY_LENGTH
    assert post_course(api, common).status_code == 201
    response = post_course(api, common + "-other")
    assert response.json()["code"] == "idempotency_key_invalid"
    assert not response.has_header("Idempotent-Replayed")


def test_a_key_of_the_full_length_is_kept_and_replayed(partner):
    api = key_client(partner)
    key = "k" * MAX_KEY_LENGTH
    assert post_course(api, key).status_code == 201
    replay = post_course(api, key)
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
