"""Shared fixtures: the DigComp framework and named actors.

The actors make permission tests read like sentences: ``hr`` holds HR for the
municipality, ``manager`` leads one forvaltning, ``other_manager`` leads a
department outside it, ``employee`` works under ``manager``, ``viewer`` reads,
``partner`` and ``other_partner`` are education partners.
"""

import pytest
from django.db import connection

from competences.models import Competence
from competences.services import digcomp_ensure
from employees.models import AccessGrant
from tests import factories


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
