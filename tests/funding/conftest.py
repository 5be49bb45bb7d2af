"""Fund applications: a course of 3,200 kr. ahead, Anna enrolled on it, the fund's
default rule, and the union representative ``union_rep`` over the municipality.

The named actors of tests/conftest.py sign: ``employee`` (Anna) as the
participant, ``manager`` (over her forvaltning) as the manager, ``union_rep``
as the union representative; ``hr`` records the fund's answer.
"""

from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.models import Enrollment
from employees.models import AccessGrant
from funding import services
from funding.models import FundApplication, FundRule
from tests import factories
from tests.employees.imports_files import english  # noqa: F401 (autouse)


@pytest.fixture(autouse=True)
def own_rules(db):
    """Each test states the rules it needs: the migration's defaults go (a
    transactional test elsewhere may have flushed them anyway)."""
    FundRule.objects.all().delete()


@pytest.fixture
def rule(own_rules):
    return factories.fund_rule()


@pytest.fixture
def union_rep(municipality):
    user = factories.UserFactory(username="tr")
    factories.AccessGrantFactory(
        user=user, department=municipality, kind=AccessGrant.Kind.UNION_REP
    )
    factories.EmployeeFactory(
        department=municipality, user=user, name="Susanne Friis", employee_number="TR1"
    )
    return user


@pytest.fixture
def course(partner):
    return factories.CourseFactory(provider=partner, price_dkk="3200.00")


@pytest.fixture
def session(course):
    return factories.CourseSessionFactory(
        course=course, starts_at=timezone.now() + timedelta(days=30)
    )


@pytest.fixture
def enrollment(employee, session):
    return factories.EnrollmentFactory(
        employee=employee, session=session, status=Enrollment.Status.ENROLLED
    )


def colleague_on(session, department, name="Bo Hansen", **fields):
    """Another employee of ``department`` enrolled on ``session``."""
    person = factories.EmployeeFactory(department=department, name=name, **fields)
    return factories.EnrollmentFactory(
        employee=person, session=session, status=Enrollment.Status.ENROLLED
    )


def apply(enrollments, actor, **costs) -> FundApplication:
    return services.fund_application_create(
        enrollments=list(enrollments), actor=actor, **costs
    )


def sign_all(application, *users) -> FundApplication:
    for user in users:
        services.fund_application_sign(application=application, actor=user)
    application.refresh_from_db()
    return application


def refused(call, **kwargs) -> ValidationError:
    """The ValidationError a service refuses with (fails if it does not)."""
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value


def code_of(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


@contextmanager
def today_is(day):
    """The clock at noon on ``day`` for everything that asks Django for now."""
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    moment += timedelta(hours=12)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def state_of(application) -> tuple:
    """What a refusal must leave unchanged: the row, lines and signatures."""
    application.refresh_from_db()
    return (
        application.state,
        application.awaiting,
        application.fee,
        application.materials,
        application.transport,
        application.amount_applied,
        tuple(application.lines.values_list("amount", "is_open")),
        tuple(application.signatures.values_list("role", "name")),
    )
