"""Two people acting at once (PostgreSQL, real threads, real transactions).

Each thread has its own connection, so the requests truly overlap; a barrier
releases them together.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funding import services
from funding.models import FundApplication, FundApplicationLine, FundSignature
from tests import factories
from tests.courses.test_race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def submitted_for(employee, fee: str) -> FundApplication:
    course = factories.CourseFactory(price_dkk=Decimal(fee))
    line = factories.FundApplicationLineFactory(
        enrollment__employee=employee,
        enrollment__session__course=course,
        application__course=course,
        application__state="submitted",
        amount=Decimal(fee) * Decimal("0.8"),
    )
    return line.application


def test_two_grants_at_once_keep_the_employee_under_the_cap(digcomp, hr, employee):
    factories.fund_rule()
    # 20,000 kr. each: one fits under the 30,000 kr. cap, two do not.
    applications = [submitted_for(employee, "25000.00") for _ in range(2)]

    errors = race(
        lambda application: services.fund_application_decide(
            application=application, state="granted", actor=hr
        ),
        applications,
    )

    assert errors == []
    states = sorted(FundApplication.objects.values_list("state", flat=True))
    assert states == ["granted", "submitted"]


def test_two_applications_for_one_enrollment_at_once_make_one(
    digcomp, hr, manager, employee
):
    factories.fund_rule()
    enrollment = factories.EnrollmentFactory(
        employee=employee,
        session__starts_at=timezone.now() + timedelta(days=20),
    )

    errors = race(
        lambda actor: services.fund_application_create(
            enrollments=[enrollment], actor=actor
        ),
        [hr, manager],
    )

    assert errors == []
    assert FundApplicationLine.objects.filter(enrollment=enrollment).count() == 1


def test_a_double_click_on_sign_signs_once(digcomp, hr, employee):
    factories.fund_rule()
    enrollment = factories.EnrollmentFactory(employee=employee)
    application = services.fund_application_create(enrollments=[enrollment], actor=hr)

    errors = race(
        lambda _click: services.fund_application_sign(
            application=FundApplication.objects.get(pk=application.pk),
            actor=employee.user,
        ),
        [1, 2, 3],
    )

    assert errors == []
    assert FundSignature.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.awaiting == "manager"
