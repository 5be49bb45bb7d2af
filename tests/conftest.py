"""Shared fixtures: the DigComp framework and named actors.

The actors make permission tests read like sentences: ``hr`` holds HR for the
municipality, ``manager`` leads one forvaltning, ``other_manager`` leads a
department outside it, ``employee`` works under ``manager``, ``viewer`` reads,
``partner`` and ``other_partner`` are education partners.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from competences.models import Assessment, Competence
from competences.services import digcomp_ensure
from courses.models import Enrollment
from employees.models import AccessGrant
from tests import factories
from tests.factories import competence
from tests.mailserver import SmtpServer


def load_digcomp():
    if not Competence.objects.exists():
        digcomp_ensure()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_digcomp()


# A ``transaction=True`` test ends with a flush that also removes the framework
# loaded for the session, so every database test (``db``, ``transactional_db``
# and the ``django_db`` marker all pass through this helper) makes sure it is there.
@pytest.fixture
def _django_db_helper(_django_db_helper):
    load_digcomp()


@pytest.fixture
def digcomp(transactional_db):
    """Kept for readability in ``transaction=True`` tests: DigComp is loaded."""


def pytest_configure(config):
    # The named actors are real users; the default hasher costs up to a second
    # per user on a busy machine and would dominate the suite.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Most tests write and read figures in one transaction that never commits,
    # so the figures cache would never hear of their writes; its own tests in
    # tests/reports/test_figures_cache.py commit and switch it on.
    settings.FIGURES_CACHE_SECONDS = 0


def pytest_collection_modifyitems(config, items):
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def municipality(db):
    return factories.MunicipalityFactory(name="Demo Kommune", code="K001")


@pytest.fixture
def forvaltning(municipality):
    return factories.DepartmentFactory(
        parent=municipality, name="Sundhed og Omsorg", code="SUN"
    )


@pytest.fixture
def department(forvaltning):
    return factories.DepartmentFactory(
        parent=forvaltning, name="Hjemmeplejen Nord", code="HJN"
    )


@pytest.fixture
def other_department(municipality):
    forvaltning = factories.DepartmentFactory(
        parent=municipality, name="Børn og Unge", code="BOU"
    )
    return factories.DepartmentFactory(parent=forvaltning, name="Dagtilbud", code="DAG")


@pytest.fixture
def other_municipality(db):
    return factories.MunicipalityFactory(name="Anden Kommune", code="K002")


def _user_with_grant(username, department, kind):
    user = factories.UserFactory(username=username)
    factories.AccessGrantFactory(user=user, department=department, kind=kind)
    return user


@pytest.fixture
def hr(municipality):
    return _user_with_grant("hr", municipality, AccessGrant.Kind.HR)


@pytest.fixture
def manager(forvaltning):
    return _user_with_grant("manager", forvaltning, AccessGrant.Kind.MANAGER)


@pytest.fixture
def other_manager(other_department):
    return _user_with_grant("manager2", other_department, AccessGrant.Kind.MANAGER)


@pytest.fixture
def viewer(municipality):
    return _user_with_grant("viewer", municipality, AccessGrant.Kind.VIEWER)


@pytest.fixture
def other_hr(other_municipality):
    return _user_with_grant("hr2", other_municipality, AccessGrant.Kind.HR)


@pytest.fixture
def employee_user(db):
    return factories.UserFactory(username="employee")


@pytest.fixture
def employee(department, employee_user):
    return factories.EmployeeFactory(
        department=department, user=employee_user, name="Anna Jensen"
    )


@pytest.fixture
def partner(db):
    return factories.ProviderFactory(name="Kommunernes Kursuscenter", code="kkc")


@pytest.fixture
def other_partner(db):
    return factories.ProviderFactory(name="Digital Akademi", code="digiakademi")


class EventLog(list):
    """Every domain event emitted while a test runs: (name, payload) pairs."""

    def names(self) -> list[str]:
        return [name for name, _payload in self]

    def of(self, name: str) -> list[dict]:
        return [payload for emitted, payload in self if emitted == name]


@pytest.fixture
def events():
    """Record each domain event as its service emits it (in its transaction)."""
    from employees.events import Event

    log = EventLog()

    def record(event, **payload):
        log.append((event.name, payload))

    for event in Event.registry.values():
        event.subscribe(record)
    yield log
    for event in Event.registry.values():
        event.unsubscribe(record)


# --- A small scene for page tests -----------------------------------------------
# A small scene for the page tests: a role profile, a course and open work.
#
# ``employee`` (Anna) works under ``manager`` with the role Sygeplejerske; a
# colleague has asked for a seat and another waits for a practice-task review.


@dataclass
class Scene:
    role: object
    course: object
    session: object
    request: object
    submission: object
    colleague: object
    outsider: object


@pytest.fixture
def scene(municipality, department, other_department, employee, partner):
    role = factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")
    factories.RoleCompetenceFactory(
        role=role, competence=competence("1.3"), target_level=4
    )
    factories.RoleCompetenceFactory(
        role=role, competence=competence("2.1"), target_level=3
    )
    employee.job_role = role
    employee.save()
    factories.AssessmentFactory(
        employee=employee, competence=competence("1.3"), level=2
    )
    factories.AssessmentFactory(
        employee=employee,
        competence=competence("1.3"),
        level=3,
        source=Assessment.Source.SELF,
    )
    course = factories.CourseFactory(
        provider=partner,
        title="Dokumentation i omsorgssystemet",
        practice_task="Dokumentér tre borgerbesøg.",
    )
    factories.CourseOutcomeFactory(
        course=course, competence=competence("1.3"), from_level=2, to_level=4
    )
    session = factories.CourseSessionFactory(
        course=course,
        capacity=2,
        starts_at=timezone.now() + timedelta(days=20),
        enrollment_deadline=timezone.localdate() + timedelta(days=10),
    )
    colleague = factories.EmployeeFactory(
        department=department, name="Bo Hansen", job_role=role
    )
    request = factories.EnrollmentFactory(
        employee=colleague, session=session, status=Enrollment.Status.REQUESTED
    )
    reviewer_case = factories.EmployeeFactory(department=department, name="Carl Dahl")
    other_course = factories.CourseFactory(
        provider=partner, title="Velfærdsteknologi i praksis", practice_task="Prøv det."
    )
    attended = factories.EnrollmentFactory(
        employee=reviewer_case,
        session=factories.CourseSessionFactory(
            course=other_course, starts_at=timezone.now() - timedelta(days=5)
        ),
        status=Enrollment.Status.ATTENDED,
    )
    submission = factories.PracticeTaskSubmissionFactory(enrollment=attended)
    outsider = factories.EmployeeFactory(department=other_department, name="Dorte Ø")
    return Scene(
        role=role,
        course=course,
        session=session,
        request=request,
        submission=submission,
        colleague=colleague,
        outsider=outsider,
    )


# --- A real mail server ---------------------------------------------------------------
@pytest.fixture
def smtp(settings):
    """The server, running, with Django's SMTP backend pointed at it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    settings.KYNDIG_BASE_URL = "https://kyndig.example.dk"
    yield server
    server.stop()
