"""An education partner's integration, end to end over HTTP with its API key."""

import pytest

from competences.models import Assessment
from courses.models import Course, CourseSession
from tests import factories
from tests.api.conftest import key_client, session_client

pytestmark = pytest.mark.django_db

COURSE = {
    "external_id": "KOM-2026-017",
    "title": "Dokumentation i omsorgssystemet – fra bruger til kyndig",
    "description": "…",
    "purpose": "Mere tid hos borgeren og færre fejl i journalen.",
    "language": "da",
    "mode": "blended",
    "hours": 14,
    "price_dkk": "3200.00",
    "status": "published",
    "practice_task": "",
    "outcomes": [
        {"competence": "1.3", "from_level": 2, "to_level": 4},
        {"competence": "4.2", "from_level": 2, "to_level": 3},
    ],
}
SESSION = {
    "external_id": "KOM-2026-017-H1",
    "course": "KOM-2026-017",
    "starts_at": "2027-02-01T09:00:00+01:00",
    "ends_at": "2027-02-01T15:00:00+01:00",
    "location": "Rådhuset, lokale 3",
    "capacity": 16,
    "enrollment_deadline": "2027-01-20",
}


def level_history(client, employee, code):
    response = client.get(
        "/api/v1/assessments/", {"employee": employee.pk, "competence": code}
    )
    return [(row["source"], row["level"]) for row in response.json()["results"]]


def test_partner_publishes_and_runs_a_course(partner, hr, employee):
    api = key_client(partner)
    hr_api = session_client(hr)
    factories.AssessmentFactory(
        employee=employee, competence=factories.competence("1.3"), level=2
    )

    created = api.post("/api/v1/courses/", COURSE, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["outcomes"] == COURSE["outcomes"]
    assert created.json()["provider"] == partner.code

    resent = api.post(
        "/api/v1/courses/", {**COURSE, "title": "Nyt navn"}, format="json"
    )
    assert resent.status_code == 200
    assert resent.json()["id"] == created.json()["id"]
    assert Course.objects.filter(provider=partner).count() == 1
    assert Course.objects.get().title == "Nyt navn"

    session = api.post("/api/v1/sessions/", SESSION, format="json")
    assert session.status_code == 201, session.content
    again = api.post("/api/v1/sessions/", {**SESSION, "capacity": 20}, format="json")
    assert again.status_code == 200
    assert CourseSession.objects.get().capacity == 20
    session_id = session.json()["id"]

    enrolled = hr_api.post(
        "/api/v1/enrollments/",
        {"employee": employee.pk, "session": session_id},
        format="json",
    )
    assert enrolled.json()["status"] == "enrolled"
    enrollment_id = enrolled.json()["id"]

    roster = api.get(f"/api/v1/sessions/{session_id}/roster/").json()
    assert roster["results"] == [
        {
            "enrollment": enrollment_id,
            "name": employee.name,
            "work_email": employee.work_email,
            "status": "enrolled",
        }
    ]

    attended = api.post(
        f"/api/v1/enrollments/{enrollment_id}/attendance/",
        {"attended": True},
        format="json",
    )
    assert attended.json()["status"] == "attended"
    completed = api.post(f"/api/v1/enrollments/{enrollment_id}/complete/")
    assert completed.status_code == 200, completed.content
    assert completed.json()["status"] == "completed"

    assert level_history(hr_api, employee, "1.3")[0] == ("course", 4)
    assert level_history(hr_api, employee, "4.2")[0] == ("course", 3)


def test_a_session_names_only_the_partners_own_course(partner, other_partner):
    factories.CourseFactory(provider=other_partner, external_id="KOM-2026-017")
    response = key_client(partner).post("/api/v1/sessions/", SESSION, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "course"


def test_partner_cannot_see_or_change_another_partners_course(partner, other_partner):
    course = factories.CourseFactory(provider=other_partner, external_id="X-1")
    api = key_client(partner)
    assert (
        api.patch(f"/api/v1/courses/{course.pk}/", {"title": "Hijack"}).status_code
        == 404
    )
    # The same external_id is the partner's own, separate course.
    response = api.post("/api/v1/courses/", {**COURSE, "external_id": "X-1"})
    assert response.status_code == 201
    course.refresh_from_db()
    assert course.title != COURSE["title"]


def test_partner_sees_no_employee_details_on_enrollments(partner, employee):
    session = factories.CourseSessionFactory(course__provider=partner)
    factories.EnrollmentFactory(employee=employee, session=session)
    rows = key_client(partner).get("/api/v1/enrollments/").json()["results"]
    assert rows and all("employee" not in row for row in rows)


def test_idempotency_key_replays_and_refuses_another_body(partner):
    api = key_client(partner)
    headers = {"HTTP_IDEMPOTENCY_KEY": "retry-1"}
    first = api.post("/api/v1/courses/", COURSE, format="json", **headers)
    replay = api.post("/api/v1/courses/", COURSE, format="json", **headers)
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert Course.objects.count() == 1

    other = api.post(
        "/api/v1/courses/", {**COURSE, "title": "Andet"}, format="json", **headers
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Course.objects.get().title == COURSE["title"]


def test_idempotency_keys_are_per_caller(partner, other_partner):
    headers = {"HTTP_IDEMPOTENCY_KEY": "same-key"}
    for provider in (partner, other_partner):
        response = key_client(provider).post(
            "/api/v1/courses/", COURSE, format="json", **headers
        )
        assert response.status_code == 201
    assert Course.objects.count() == 2


def test_partner_is_throttled_with_retry_after(partner, monkeypatch):
    from django.core.cache import cache

    from api.throttles import PartnerRateThrottle

    cache.clear()
    monkeypatch.setattr(PartnerRateThrottle, "THROTTLE_RATES", {"partner": "2/min"})
    api = key_client(partner)
    statuses = [api.get("/api/v1/courses/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = api.get("/api/v1/courses/")
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    cache.clear()


def test_completion_never_lowers_a_level(partner, hr, employee):
    factories.AssessmentFactory(
        employee=employee, competence=factories.competence("1.3"), level=6
    )
    session = factories.CourseSessionFactory(course__provider=partner)
    factories.CourseOutcomeFactory(course=session.course)
    enrollment = factories.EnrollmentFactory(
        employee=employee, session=session, status="attended"
    )
    response = key_client(partner).post(
        f"/api/v1/enrollments/{enrollment.pk}/complete/"
    )
    assert response.status_code == 200
    assert not Assessment.objects.filter(source="course").exists()


def test_an_expired_idempotency_key_may_be_used_again(partner, settings):
    from datetime import timedelta

    from django.utils import timezone

    from api.models import IdempotencyRecord

    api = key_client(partner)
    headers = {"HTTP_IDEMPOTENCY_KEY": "old-key"}
    api.post("/api/v1/courses/", COURSE, format="json", **headers)
    IdempotencyRecord.objects.update(
        created_at=timezone.now()
        - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS, minutes=1)
    )
    other = {**COURSE, "external_id": "KOM-2026-018"}
    response = api.post("/api/v1/courses/", other, format="json", **headers)
    assert response.status_code == 201
    assert IdempotencyRecord.objects.count() == 1
