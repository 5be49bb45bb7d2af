"""The fund's arithmetic: rules by date, shares in Decimal, the rolling cap."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from funding.models import FundApplication
from funding.rules import (
    Costs,
    add_months,
    check_caps,
    granted_near,
    rule_in_force,
    shares,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 12, 10), 12, date(2027, 12, 10)),
        (date(2027, 1, 15), -12, date(2026, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 2, 29), -12, date(2027, 2, 28)),
        (date(2026, 12, 31), -1, date(2026, 11, 30)),
    ],
)
def test_months_are_added_day_for_day_or_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


def test_the_share_is_decimal_and_rounded_to_the_ore():
    costs = Costs(Decimal("3200.00"), Decimal("0.01"), Decimal("0.00")).check()
    share = shares(costs, Decimal("80.00"))
    assert share.amount == Decimal("2560.01")  # 2560.008 rounds half up
    assert share.workplace == Decimal("640.00")
    assert share.amount + share.workplace == costs.total


@pytest.mark.parametrize(
    "fee, field",
    [
        (Decimal("-1"), "fee"),
        (3200.0, "fee"),  # a float is never money
        (Decimal("NaN"), "fee"),
        (Decimal("10000000.01"), "fee"),
        ("3200", "fee"),
    ],
)
def test_costs_that_are_not_money_are_refused(fee, field):
    with pytest.raises(ValidationError) as caught:
        Costs(fee).check()
    assert field in caught.value.error_dict


def test_the_rule_in_force_changes_on_its_first_day():
    old = factories.FundRuleFactory(
        valid_from=date(2024, 4, 1),
        valid_to=date(2026, 12, 31),
        percentage=Decimal("80.00"),
    )
    new = factories.FundRuleFactory(
        valid_from=date(2027, 1, 1),
        percentage=Decimal("75.00"),
        cap=Decimal("35000.00"),
    )
    assert rule_in_force(kind="course", on=date(2026, 12, 31)) == old
    assert rule_in_force(kind="course", on=date(2027, 1, 1)) == new
    with pytest.raises(ValidationError) as caught:
        rule_in_force(kind="course", on=date(2024, 3, 31))
    assert caught.value.code == "no_fund_rule"
    with pytest.raises(ValidationError):
        rule_in_force(kind="masters", on=date(2027, 1, 1))


def granted(employee, on: date, amount: str, state="granted"):
    line = factories.FundApplicationLineFactory(
        enrollment__employee=employee,
        application__applied_on=on,
        application__state=state,
        amount=Decimal(amount),
    )
    return line.application


def test_granted_amounts_count_within_twelve_months_either_side(employee):
    granted(employee, date(2026, 12, 10), "20000.00")
    granted(employee, date(2027, 3, 1), "5000.00", state="paid")
    granted(employee, date(2027, 4, 1), "9999.00", state="refused")
    granted(employee, date(2027, 5, 1), "8888.00", state="submitted")
    near = granted_near(employee_ids=[employee.pk], on=date(2027, 1, 15), months=12)
    assert near[employee.pk] == Decimal("25000.00")
    # On the anniversary the first grant has left the window.
    near = granted_near(employee_ids=[employee.pk], on=date(2027, 12, 10), months=12)
    assert near[employee.pk] == Decimal("5000.00")


def test_the_cap_counts_across_a_year_boundary_and_names_what_remains(employee):
    rule = factories.FundRuleFactory(cap=Decimal("30000.00"))
    granted(employee, date(2026, 12, 10), "25000.00")
    with pytest.raises(ValidationError) as caught:
        check_caps(
            claims=[(employee, Decimal("8000.00"))], rule=rule, on=date(2027, 1, 15)
        )
    error = caught.value
    assert error.code == "over_cap"
    assert error.params["remaining"] == "5000.00"
    assert "5,000.00 kr. of 30,000.00 kr. remains" in error.messages[0]
    check_caps(claims=[(employee, Decimal("5000.00"))], rule=rule, on=date(2027, 1, 15))
    check_caps(
        claims=[(employee, Decimal("8000.00"))], rule=rule, on=date(2027, 12, 11)
    )


def test_the_cap_leaves_out_the_application_being_decided(employee):
    rule = factories.FundRuleFactory(cap=Decimal("30000.00"))
    application = granted(employee, date(2027, 1, 15), "30000.00")
    check_caps(
        claims=[(employee, Decimal("30000.00"))],
        rule=rule,
        on=date(2027, 1, 15),
        exclude=application,
    )
    with pytest.raises(ValidationError):
        check_caps(
            claims=[(employee, Decimal("0.01"))], rule=rule, on=date(2027, 1, 15)
        )
    assert FundApplication.objects.count() == 1


def test_the_cap_message_reads_in_danish_number_and_date_formats(employee):
    rule = factories.FundRuleFactory(cap=Decimal("30000.00"))
    granted(employee, date(2026, 12, 10), "25000.00")
    with translation.override("da"):
        with pytest.raises(ValidationError) as caught:
            check_caps(
                claims=[(employee, Decimal("8000.00"))],
                rule=rule,
                on=date(2027, 1, 15),
            )
        message = caught.value.messages[0]
    assert message.startswith("8.000,00 kr. er over loftet")
    assert "5.000,00 kr. tilbage af 30.000,00 kr." in message
    assert message.endswith("inden for 12 måneder fra 15. jan. 2027.")
    # Clients keep the plain amounts.
    assert caught.value.params["remaining"] == "5000.00"
