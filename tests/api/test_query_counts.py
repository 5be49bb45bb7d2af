"""Every list costs the same number of queries at page size 1 and 100."""

import pytest

from tests import factories
from tests.api.conftest import key_client, session_client

pytestmark = pytest.mark.django_db

ROWS = 4

# url -> queries for a signed-in HR user: session and user (2), the grants
# (1, where the list is scoped), the count and the page (2), prefetches; roles
# prefetch their profiles (1). A full page is counted; a first page shorter
# than its size is every row there is, so its list costs one query less.
STAFF_LISTS = {
    "/api/v1/departments/": 5,
    "/api/v1/roles/": 6,
    "/api/v1/employees/": 5,
    "/api/v1/frameworks/": 4,
    "/api/v1/competence-areas/": 4,
    "/api/v1/competences/": 4,
    "/api/v1/levels/": 4,
    "/api/v1/ladder/": 4,
    "/api/v1/assessments/": 5,
    "/api/v1/providers/": 4,
    "/api/v1/courses/": 5,
    # Sessions count the seats of their page in one query of their own (1).
    "/api/v1/sessions/": 5,
    "/api/v1/enrollments/": 5,
    "/api/v1/practice-tasks/": 5,
    # Notifications first look for rows their task has not rendered yet (1).
    "/api/v1/notifications/": 5,
    # Fund applications prefetch their participants and signatures (2).
    "/api/v1/fund-applications/": 7,
}
# A partner key costs one query (the key joined with its provider).
PARTNER_LISTS = {
    "/api/v1/courses/": 4,
    "/api/v1/sessions/": 4,
    "/api/v1/enrollments/": 3,
    "roster": 4,
}


@pytest.fixture
def data(hr, department, partner):
    role = factories.JobRoleFactory(municipality=department.municipality)
    for code in ("1.1", "1.2"):
        factories.RoleCompetenceFactory(
            role=role, competence=factories.competence(code)
        )
    session = None
    for _ in range(ROWS):
        factories.DepartmentFactory(parent=department)
        factories.JobRoleFactory(municipality=department.municipality)
        person = factories.EmployeeFactory(department=department, job_role=role)
        factories.AssessmentFactory(employee=person)
        course = factories.CourseFactory(provider=partner, practice_task="Gør det")
        factories.CourseOutcomeFactory(course=course)
        factories.CourseOutcomeFactory(
            course=course, competence=factories.competence("2.1")
        )
        session = factories.CourseSessionFactory(course=course)
        enrollment = factories.EnrollmentFactory(
            employee=person, session=session, status="attended"
        )
        factories.PracticeTaskSubmissionFactory(enrollment=enrollment)
        line = factories.FundApplicationLineFactory(
            enrollment=enrollment, application__course=course
        )
        factories.FundSignatureFactory(application=line.application)
        factories.ProviderFactory()
    for _ in range(ROWS):
        factories.EnrollmentFactory(session=session, employee__department=department)
        factories.NotificationFactory(recipient=hr)
    return session


@pytest.fixture(autouse=True)
def _cache_in_memory(settings):
    # Partner throttle counters live in the database cache in production; these
    # tests count the list's own queries, so the counters move to memory here.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


def _count(client, url, page_size, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    return len(response.json()["results"])


@pytest.mark.parametrize("url", STAFF_LISTS)
def test_staff_lists(url, data, hr, django_assert_num_queries):
    client = session_client(hr)
    expected = STAFF_LISTS[url]
    assert _count(client, url, 1, django_assert_num_queries, expected) == 1
    many = _count(client, url, 100, django_assert_num_queries, expected - 1)
    assert many > 1 or url == "/api/v1/frameworks/"


@pytest.mark.parametrize("url", PARTNER_LISTS)
def test_partner_lists(url, data, partner, django_assert_num_queries):
    client = key_client(partner)
    expected = PARTNER_LISTS[url]
    if url == "roster":
        url = f"/api/v1/sessions/{data.pk}/roster/"
    assert _count(client, url, 1, django_assert_num_queries, expected) == 1
    assert _count(client, url, 100, django_assert_num_queries, expected - 1) > 1
