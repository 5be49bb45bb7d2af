"""Prerequisites and equivalents (DESIGN §9): checked at request and placement."""

import pytest
from django.core.exceptions import ValidationError

from courses import services
from courses.models import Course, Enrollment, PrerequisiteOverride
from tests import factories
from tests.api.conftest import session_client
from tests.courses.workflow import session_with

Status = Enrollment.Status


@pytest.fixture
def basic(partner):
    return factories.CourseFactory(provider=partner, external_id="BASIS")


@pytest.fixture
def advanced(partner, basic):
    course = factories.CourseFactory(provider=partner, external_id="VIDERE")
    services.course_prerequisites_set(course=course, courses=[basic])
    return course


def test_hr_placement_missing_a_prerequisite_is_a_409(hr, employee, advanced, basic):
    session = factories.CourseSessionFactory(course=advanced)
    response = session_client(hr).post(
        "/api/v1/enrollments/",
        {"employee": employee.pk, "session": session.pk},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "prerequisite_missing"
    assert body["missing"] == [
        {"kind": "course", "course": basic.pk, "title": basic.title}
    ]
    assert not Enrollment.objects.exists()


def test_the_employee_request_is_refused_too(employee, advanced):
    session = factories.CourseSessionFactory(course=advanced)
    response = session_client(employee.user).post(
        "/api/v1/enrollments/",
        {"employee": employee.pk, "session": session.pk},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "prerequisite_missing"


def test_an_equivalent_course_satisfies_it(hr, employee, advanced, basic, partner):
    other = factories.CourseFactory(provider=partner)
    services.course_prerequisites_set(course=basic, equivalents=[other])
    done = factories.CourseSessionFactory(course=other)
    factories.EnrollmentFactory(
        employee=employee, session=done, status=Status.COMPLETED
    )
    session = factories.CourseSessionFactory(course=advanced)
    enrollment = services.enrollment_enroll(
        employee=employee, session=session, enrolled_by=hr
    )
    assert enrollment.status == Status.ENROLLED


def test_a_level_prerequisite(hr, employee):
    session = session_with()
    services.course_prerequisites_set(
        course=session.course, levels=[(factories.competence("1.3"), 3)]
    )
    with pytest.raises(ValidationError) as error:
        services.enrollment_enroll(employee=employee, session=session, enrolled_by=hr)
    assert error.value.params["missing"] == [
        {"kind": "level", "competence": "1.3", "min_level": 3, "level": 0}
    ]
    factories.AssessmentFactory(
        employee=employee, competence=factories.competence("1.3"), level=3
    )
    services.enrollment_enroll(employee=employee, session=session, enrolled_by=hr)


def test_hr_overrides_with_a_reason(hr, employee, advanced):
    session = factories.CourseSessionFactory(course=advanced)
    response = session_client(hr).post(
        "/api/v1/enrollments/",
        {"employee": employee.pk, "session": session.pk, "override_reason": "Erfaren"},
        format="json",
    )
    assert response.status_code == 201
    override = PrerequisiteOverride.objects.get()
    assert override.reason == "Erfaren"
    assert override.overridden_by == hr
    assert override.missing[0]["kind"] == "course"


def test_bulk_reports_misses_per_person(hr, employee, department, advanced, basic):
    ready = factories.EmployeeFactory(department=department)
    done = factories.CourseSessionFactory(course=basic)
    factories.EnrollmentFactory(employee=ready, session=done, status=Status.COMPLETED)
    session = factories.CourseSessionFactory(course=advanced)
    response = session_client(hr).post(
        f"/api/v1/sessions/{session.pk}/enroll/",
        {"employees": [employee.pk, ready.pk]},
        format="json",
    )
    first, second = response.json()["results"]
    assert first["code"] == "prerequisite_missing"
    assert first["missing"][0]["course"] == basic.pk
    assert second == {"employee": ready.pk, "status": "enrolled"}


def test_a_cycle_is_refused(advanced, basic):
    with pytest.raises(ValidationError) as error:
        services.course_prerequisites_set(course=basic, courses=[advanced])
    assert "prerequisites" in error.value.message_dict
    assert not basic.prerequisites.exists()


def test_an_archived_equivalent_is_refused(basic, partner):
    old = factories.CourseFactory(provider=partner, status=Course.Status.ARCHIVED)
    with pytest.raises(ValidationError) as error:
        services.course_prerequisites_set(course=basic, equivalents=[old])
    assert "equivalents" in error.value.message_dict


def test_a_partner_sends_prerequisites_by_external_id(partner, basic):
    from tests.api.conftest import key_client

    client = key_client(partner)
    payload = {
        "external_id": "VIDERE-2",
        "title": "Videregående",
        "mode": "online",
        "hours": "7.0",
        "status": "published",
        "prerequisites": [{"course": "BASIS"}, {"competence": "1.3", "min_level": 2}],
        "equivalents": [],
    }
    response = client.post("/api/v1/courses/", payload, format="json")
    assert response.status_code in (200, 201), response.json()
    course = Course.objects.get(external_id="VIDERE-2")
    assert course.prerequisites.count() == 2
    cycle = {
        **payload,
        "external_id": "BASIS",
        "title": "Basis",
        "prerequisites": [{"course": "VIDERE-2"}],
    }
    response = client.post("/api/v1/courses/", cycle, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "prerequisites"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_placements_refuse_exactly_those_who_miss_it(
    digcomp, hr, department
):
    from collections import Counter

    from tests.courses.test_race import THREADS, race

    basic = factories.CourseFactory()
    advanced = factories.CourseFactory()
    services.course_prerequisites_set(course=advanced, courses=[basic])
    session = factories.CourseSessionFactory(course=advanced, capacity=3)
    people = factories.EmployeeFactory.create_batch(THREADS, department=department)
    ready = set()
    for person in people[::2]:
        done = factories.CourseSessionFactory(course=basic)
        factories.EnrollmentFactory(
            employee=person, session=done, status=Status.COMPLETED
        )
        ready.add(person.pk)
    refused = []

    def place(person):
        try:
            services.enrollment_enroll(employee=person, session=session, enrolled_by=hr)
        except ValidationError as error:
            refused.append((person.pk, error.code))
            raise

    assert race(place, people) == []
    assert {pk for pk, _code in refused} == {p.pk for p in people} - ready
    assert {code for _pk, code in refused} == {"prerequisite_missing"}
    placed = Counter(session.enrollments.values_list("status", flat=True))
    assert placed == {"enrolled": 3, "waitlisted": len(ready) - 3}


def test_the_course_page_names_its_prerequisites(client, employee, advanced, basic):
    from django.urls import reverse

    client.force_login(employee.user)
    page = client.get(
        reverse("course_detail", args=[advanced.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Prerequisites" in page
    assert f"The course {basic.title} (or an equivalent)" in page
