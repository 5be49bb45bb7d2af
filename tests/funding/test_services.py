"""Filing an application, changing its costs, submitting it, and the fund's answer."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from courses.models import Enrollment
from courses.services import enrollment_withdraw
from funding import services
from funding.models import FundApplication, FundApplicationLine, FundSignature, Role
from tests import factories
from tests.courses.workflow import started
from tests.funding.conftest import (
    apply,
    code_of,
    colleague_on,
    refused,
    sign_all,
    state_of,
    today_is,
)


@pytest.fixture
def signed(enrollment, rule, employee, manager, union_rep):
    application = apply([enrollment], employee.user)
    return sign_all(application, employee.user, manager, union_rep)


# --- Filing --------------------------------------------------------------------------
def test_an_application_is_priced_from_the_course_and_the_rule(
    enrollment, rule, employee, events
):
    application = apply([enrollment], employee.user)
    assert application.state == "draft" and application.awaiting == "employee"
    assert application.applied_on == timezone.localdate()
    assert application.fee == Decimal("3200.00")  # the course's price
    assert application.amount_applied == Decimal("2560.00")
    assert application.workplace_share == Decimal("640.00")
    assert application.rule == rule and application.percentage == Decimal("80.00")
    (line,) = application.lines.all()
    assert (line.enrollment, line.employee, line.department) == (
        enrollment,
        employee,
        employee.department,
    )
    assert events.of("fund_application_created") == [
        {"application": application, "actor": employee.user}
    ]


def test_materials_and_transport_add_to_the_costs(enrollment, rule, hr):
    application = apply(
        [enrollment],
        hr,
        fee=Decimal("1000.00"),
        materials=Decimal("250.50"),
        transport=Decimal("49.50"),
    )
    assert application.amount_applied == Decimal("1040.00")
    assert application.workplace_share == Decimal("260.00")


def test_a_group_on_one_course_applies_per_participant(
    enrollment, session, department, rule, manager
):
    other = colleague_on(session, department)
    application = apply([enrollment, other], manager)
    lines = list(application.lines.order_by("pk"))
    assert [line.amount for line in lines] == [Decimal("2560.00")] * 2
    assert application.amount_applied == Decimal("5120.00")
    assert application.workplace_share == Decimal("1280.00")


def test_a_group_on_two_courses_is_refused(enrollment, department, rule, manager):
    elsewhere = colleague_on(factories.CourseSessionFactory(), department)
    error = refused(apply, enrollments=[enrollment, elsewhere], actor=manager)
    assert code_of(error) == "mixed_courses"
    assert not FundApplication.objects.exists()


def test_the_applicant_is_the_employee_or_a_lead_over_them(
    enrollment, rule, other_manager, viewer, union_rep
):
    for outsider in (other_manager, viewer, union_rep):
        with pytest.raises(PermissionDenied, match="You may not apply for Anna"):
            apply([enrollment], outsider)
    assert not FundApplication.objects.exists()


def test_applying_after_the_session_started_is_refused(
    enrollment, session, rule, employee
):
    started(session)
    error = refused(apply, enrollments=[enrollment], actor=employee.user)
    assert error.code == "session_started"
    assert "applied for before the course starts" in error.messages[0]
    assert not FundApplication.objects.exists()


def test_a_closed_enrollment_is_refused(enrollment, rule, employee):
    enrollment_withdraw(enrollment=enrollment, withdrawn_by=employee.user)
    error = refused(apply, enrollments=[enrollment], actor=employee.user)
    assert error.code == "enrollment_closed"


@pytest.mark.parametrize(
    "costs, field",
    [
        ({"fee": Decimal("-1.00")}, "fee"),
        ({"materials": Decimal("-0.01")}, "materials"),
        ({"transport": "hundrede"}, "transport"),
        ({"fee": 3200.0}, "fee"),
    ],
)
def test_negative_or_non_numeric_costs_are_refused(
    enrollment, rule, employee, costs, field
):
    error = refused(apply, enrollments=[enrollment], actor=employee.user, **costs)
    assert field in error.error_dict
    assert not FundApplication.objects.exists()


def test_an_amount_above_the_cap_is_refused_with_the_remaining_amount(
    enrollment, rule, employee
):
    earlier = factories.FundApplicationLineFactory(
        enrollment__employee=employee,
        application__state="granted",
        amount=Decimal("29000.00"),
    )
    error = refused(apply, enrollments=[enrollment], actor=employee.user)
    assert error.code == "over_cap"
    assert error.params["remaining"] == "1000.00"
    assert "Anna Jensen: 1,000.00 kr. of 30,000.00 kr. remains" in error.messages[0]
    assert FundApplication.objects.get() == earlier.application


def test_a_second_application_for_the_same_enrollment_is_refused(
    enrollment, rule, employee, hr
):
    first = apply([enrollment], employee.user)
    error = refused(apply, enrollments=[enrollment], actor=hr)
    assert error.code == "duplicate_application"
    assert f"application #{first.pk}" in error.messages[0]
    assert FundApplication.objects.get() == first


def test_staff_under_an_agreement_the_fund_leaves_out_are_refused(
    enrollment, rule, employee, municipality
):
    nurses = factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")
    covered = factories.AgreementFactory(name="Dansk Sygeplejeråd")
    covered.job_roles.add(nurses)
    rule.eligible_agreements.add(covered)
    error = refused(apply, enrollments=[enrollment], actor=employee.user)
    assert error.code == "not_eligible"
    assert "Dansk Sygeplejeråd" in error.messages[0]
    employee.job_role = nurses
    employee.save()
    assert apply([enrollment], employee.user).lines.count() == 1


def at(*moment):
    return timezone.make_aware(datetime(*moment))


def test_the_rule_in_force_on_the_application_date_prices_it(
    employee, department, rule, partner, hr
):
    rule.valid_to = date(2026, 12, 31)
    rule.save()
    factories.FundRuleFactory(valid_from=date(2027, 1, 1), percentage=Decimal("50"))
    course = factories.CourseFactory(provider=partner, price_dkk=Decimal("1000.00"))
    session = factories.CourseSessionFactory(course=course, starts_at=at(2027, 3, 1, 9))
    before = factories.EnrollmentFactory(employee=employee, session=session)
    after = colleague_on(session, department)
    with today_is(date(2026, 12, 31)):
        old = apply([before], hr)
    with today_is(date(2027, 1, 1)):
        new = apply([after], hr)
    assert (old.percentage, old.amount_applied) == (Decimal("80.00"), Decimal("800.00"))
    assert (new.percentage, new.amount_applied) == (Decimal("50.00"), Decimal("500.00"))


def test_two_applications_across_a_year_boundary_share_one_cap(employee, rule, partner):
    """The cap runs over 12 months, not a calendar year."""
    first_course = factories.CourseFactory(provider=partner, price_dkk=Decimal("25000"))
    december = factories.CourseSessionFactory(
        course=first_course, starts_at=at(2027, 1, 5, 9)
    )
    course = factories.CourseFactory(provider=partner, price_dkk=Decimal("15000.00"))
    january = factories.CourseSessionFactory(course=course, starts_at=at(2027, 2, 1, 9))
    later = factories.CourseSessionFactory(course=course, starts_at=at(2028, 1, 5, 9))
    with today_is(date(2026, 12, 10)):
        first = apply(
            [factories.EnrollmentFactory(employee=employee, session=december)],
            employee.user,
        )
    assert first.amount_applied == Decimal("20000.00")
    FundApplication.objects.filter(pk=first.pk).update(state="granted")
    enrollment = factories.EnrollmentFactory(employee=employee, session=january)
    with today_is(date(2027, 1, 15)):
        error = refused(apply, enrollments=[enrollment], actor=employee.user)
        assert error.code == "over_cap" and error.params["remaining"] == "10000.00"
        fits = apply([enrollment], employee.user, fee=Decimal("12500.00"))
    assert fits.amount_applied == Decimal("10000.00")
    enrollment_withdraw(enrollment=enrollment, withdrawn_by=employee.user)
    next_year = factories.EnrollmentFactory(employee=employee, session=later)
    with today_is(date(2027, 12, 11)):
        # A year and a day after December's grant, the whole cap is free.
        assert apply([next_year], employee.user).amount_applied == Decimal("12000.00")


def test_filing_is_audited_under_the_participant(enrollment, rule, employee):
    application = apply([enrollment], employee.user)
    created = LogEntry.objects.get(
        content_type__model="fundapplication", object_id=application.pk
    )
    assert created.additional_data["employee"] == employee.pk
    assert created.additional_data["department_path"] == employee.department.path


# --- Costs -------------------------------------------------------------------------
def test_costs_change_freely_before_anyone_signs(enrollment, rule, employee):
    application = apply([enrollment], employee.user)
    services.fund_application_set_costs(
        application=application, actor=employee.user, fee=Decimal("2000.00")
    )
    application.refresh_from_db()
    assert application.amount_applied == Decimal("1600.00")
    assert application.lines.get().amount == Decimal("1600.00")


def test_changing_signed_costs_is_refused_until_confirmed(signed, employee):
    before = state_of(signed)
    error = refused(
        services.fund_application_set_costs,
        application=signed,
        actor=employee.user,
        fee=Decimal("2000.00"),
    )
    assert error.code == "signatures_present"
    assert "Anna Jensen" in error.messages[0] and "all must sign again" in str(error)
    assert state_of(signed) == before


def test_confirmed_new_costs_drop_every_signature(signed, employee, events):
    services.fund_application_set_costs(
        application=signed,
        actor=employee.user,
        fee=Decimal("2000.00"),
        drop_signatures=True,
    )
    signed.refresh_from_db()
    assert (signed.state, signed.awaiting) == ("draft", "employee")
    assert signed.amount_applied == Decimal("1600.00")
    assert not signed.signatures.exists()
    (changed,) = events.of("fund_application_costs_changed")
    assert changed["dropped"] == ["employee", "manager", "union_rep"]
    dropped = LogEntry.objects.filter(
        content_type__model="fundsignature", action=LogEntry.Action.DELETE
    )
    assert dropped.count() == 3


def test_costs_above_the_cap_are_refused_unchanged(signed, employee):
    before = state_of(signed)
    error = refused(
        services.fund_application_set_costs,
        application=signed,
        actor=employee.user,
        fee=Decimal("40000.00"),
        drop_signatures=True,
    )
    assert error.code == "over_cap"
    assert state_of(signed) == before


def test_submitted_costs_do_not_change(signed, employee):
    services.fund_application_submit(application=signed, actor=employee.user)
    error = refused(
        services.fund_application_set_costs,
        application=signed,
        actor=employee.user,
        fee=Decimal("1.00"),
        drop_signatures=True,
    )
    assert error.code == "invalid_transition"


# --- Submission and the deadline ---------------------------------------------------
def test_submission_waits_for_every_signature(enrollment, rule, employee, manager):
    application = sign_all(apply([enrollment], employee.user), employee.user, manager)
    error = refused(
        services.fund_application_submit, application=application, actor=employee.user
    )
    assert error.code == "signatures_missing"
    assert error.messages == ["Waiting for the signature of the union representative."]
    assert application.state == "draft"


def test_a_signed_application_is_submitted_before_the_course(signed, employee, events):
    services.fund_application_submit(application=signed, actor=employee.user)
    signed.refresh_from_db()
    assert signed.state == "submitted" and signed.submitted_at is not None
    assert events.names().count("fund_application_submitted") == 1


def test_submitting_after_the_session_started_is_refused(signed, session, employee):
    started(session)
    before = state_of(signed)
    error = refused(
        services.fund_application_submit, application=signed, actor=employee.user
    )
    assert error.code == "session_started"
    assert state_of(signed) == before


def test_the_deadline_is_the_start_of_the_session_to_the_second(
    signed, session, employee
):
    with today_is(session.starts_at.date()) as noon:
        session.starts_at = noon + timedelta(seconds=1)
        session.ends_at = noon + timedelta(hours=6)
        session.save()
        services.fund_application_submit(application=signed, actor=employee.user)
    assert FundApplication.objects.get().state == "submitted"


def test_a_withdrawn_enrollment_is_not_submitted(signed, enrollment, employee):
    enrollment_withdraw(enrollment=enrollment, withdrawn_by=employee.user)
    error = refused(
        services.fund_application_submit, application=signed, actor=employee.user
    )
    assert error.code == "enrollment_closed"


# --- The fund's answer ---------------------------------------------------------------
@pytest.fixture
def submitted(signed, employee):
    return services.fund_application_submit(application=signed, actor=employee.user)


def test_hr_records_granted_then_paid(submitted, hr, events):
    services.fund_application_decide(application=submitted, state="granted", actor=hr)
    assert submitted.state == "granted" and submitted.decided_by == hr
    services.fund_application_decide(application=submitted, state="paid", actor=hr)
    submitted.refresh_from_db()
    assert submitted.state == "paid" and submitted.paid_at is not None
    assert len(events.of("fund_application_decided")) == 2
    states = LogEntry.objects.filter(
        content_type__model="fundapplication", object_id=submitted.pk
    ).values_list("changes", flat=True)
    assert ["granted", "paid"] in [change.get("state") for change in states]


@pytest.mark.parametrize(
    "before, after",
    [("draft", "granted"), ("signed", "refused"), ("submitted", "paid")],
)
def test_an_answer_out_of_turn_is_refused(submitted, hr, before, after):
    FundApplication.objects.filter(pk=submitted.pk).update(state=before)
    error = refused(
        services.fund_application_decide,
        application=submitted,
        state=after,
        actor=hr,
    )
    assert error.code == "invalid_transition"
    submitted.refresh_from_db()
    assert submitted.state == before


def test_only_hr_records_the_answer(submitted, manager, union_rep, employee):
    for user in (manager, union_rep, employee.user):
        with pytest.raises(PermissionDenied):
            services.fund_application_decide(
                application=submitted, state="granted", actor=user
            )
    assert FundApplication.objects.get().state == "submitted"


def test_a_refusal_frees_the_enrollment_for_a_new_application(
    submitted, enrollment, hr, employee
):
    services.fund_application_decide(application=submitted, state="refused", actor=hr)
    assert not FundApplicationLine.objects.get().is_open
    again = apply([enrollment], employee.user)
    assert again.pk != submitted.pk


def test_a_grant_that_would_exceed_the_cap_is_refused(submitted, employee, hr):
    factories.FundApplicationLineFactory(
        enrollment__employee=employee,
        application__state="granted",
        amount=Decimal("28000.00"),
    )
    error = refused(
        services.fund_application_decide,
        application=submitted,
        state="granted",
        actor=hr,
    )
    assert error.code == "over_cap" and error.params["remaining"] == "2000.00"
    assert FundApplication.objects.get(pk=submitted.pk).state == "submitted"


def test_a_signature_row_names_the_signer_as_signed(signed, manager):
    row = FundSignature.objects.get(application=signed, role=Role.MANAGER)
    assert row.signed_by == manager and row.name == "manager"
    assert Enrollment.objects.count() == 1
