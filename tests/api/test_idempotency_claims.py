"""An Idempotency-Key is claimed before its request runs."""

from datetime import timedelta

from django.utils import timezone

from api.idempotency import IN_PROGRESS, _body_hash
from api.models import IdempotencyRecord
from courses.models import Course
from tests.api.conftest import key_client
from tests.api.test_partner_flow import COURSE

HEADERS = {"HTTP_IDEMPOTENCY_KEY": "claim-1"}


def _first_request_still_running(partner, age=timedelta(0)):
    """Stand in for a concurrent first request: claim the key as it would."""
    from rest_framework.parsers import JSONParser
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    raw = APIRequestFactory().post("/api/v1/courses/", COURSE, format="json")
    digest = _body_hash(Request(raw, parsers=[JSONParser()]))
    record = IdempotencyRecord.objects.create(
        actor=f"provider:{partner.pk}",
        key="claim-1",
        request_hash=digest,
        status_code=IN_PROGRESS,
    )
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - age
    )


def test_a_retry_while_the_first_request_runs_is_told_to_wait(partner):
    _first_request_still_running(partner)
    response = key_client(partner).post(
        "/api/v1/courses/", COURSE, format="json", **HEADERS
    )
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_progress"
    assert not Course.objects.exists()


def test_a_claim_left_by_a_crashed_worker_is_taken_over(partner):
    _first_request_still_running(partner, age=timedelta(minutes=10))
    response = key_client(partner).post(
        "/api/v1/courses/", COURSE, format="json", **HEADERS
    )
    assert response.status_code == 201
    record = IdempotencyRecord.objects.get()
    assert record.status_code == 201
    assert record.response_body["external_id"] == COURSE["external_id"]


def test_the_answer_is_stored_on_the_claim(partner):
    response = key_client(partner).post(
        "/api/v1/courses/", COURSE, format="json", **HEADERS
    )
    assert response.status_code == 201
    record = IdempotencyRecord.objects.get()
    assert (record.status_code, record.response_body["id"]) == (
        201,
        response.json()["id"],
    )
