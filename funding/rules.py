"""The fund's arithmetic: which rule applies, the shares, and the cap.

Every amount an application holds is computed here, from the rule in force on
the application's date, so pages, API, demo and workbooks agree.
"""

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import formats
from django.utils.translation import gettext as _

from funding.models import (
    GRANTED_STATES,
    EducationKind,
    FundApplicationLine,
    FundRule,
)

CENT = Decimal("0.01")
# Costs per participant above this are a typing error, not a course.
MAX_COST = Decimal("10000000")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Costs:
    """The costs of one participant: the course fee, materials and transport."""

    fee: Decimal
    materials: Decimal = Decimal(0)
    transport: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.fee + self.materials + self.transport

    def check(self) -> "Costs":
        """Refuse a negative, non-numeric or absurd cost; answer them as money."""
        errors = {}
        for name in ("fee", "materials", "transport"):
            value = getattr(self, name)
            if not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
                errors[name] = ValidationError(
                    _("Give the amount as a number, e.g. 3200.00."), code="invalid"
                )
            elif not 0 <= value <= MAX_COST:
                errors[name] = ValidationError(
                    _("Give an amount from 0 to 10,000,000 kroner."), code="invalid"
                )
        if errors:
            raise ValidationError(errors)
        return Costs(money(self.fee), money(self.materials), money(self.transport))


@dataclass(frozen=True)
class Shares:
    amount: Decimal  # what the fund is asked to pay
    workplace: Decimal  # what the workplace pays itself


def shares(costs: Costs, percentage: Decimal) -> Shares:
    """The fund's share (``percentage``) of one participant's costs, and the
    workplace's: the rest."""
    amount = money(costs.total * percentage / 100)
    return Shares(amount, costs.total - amount)


def rule_in_force(*, kind: str, on: date) -> FundRule:
    rule = FundRule.objects.in_force(kind=kind, on=on).order_by("-valid_from").first()
    if rule is None:
        raise ValidationError(
            _("No fund rule for %(kind)s applies on %(date)s.")
            % {"kind": EducationKind(kind).label, "date": on.isoformat()},
            code="no_fund_rule",
        )
    return rule


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), at most the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def granted_near(
    *, employee_ids, on: date, months: int, exclude_application=None
) -> dict[int, Decimal]:
    """Per employee: the amounts granted on applications dated within
    ``months`` of ``on``, before or after.

    Looking both ways makes the cap hold in every rolling window whatever the
    order the fund decides in: when an application is granted, every other
    granted one within a year of it is counted.
    """
    lines = FundApplicationLine.objects.filter(
        employee_id__in=list(employee_ids),
        application__state__in=GRANTED_STATES,
        application__applied_on__gt=add_months(on, -months),
        application__applied_on__lt=add_months(on, months),
    )
    if exclude_application is not None:
        lines = lines.exclude(application=exclude_application)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for employee_id, amount in (
        lines.order_by().values_list("employee_id").annotate(total=Sum("amount"))
    ):
        totals[employee_id] = amount
    return totals


def check_caps(*, claims, rule: FundRule, on: date, exclude=None) -> None:
    """Refuse when a claim, (employee, amount), exceeds what the rule's cap
    leaves the employee besides amounts granted within its period of ``on``
    (other than on ``exclude``); the message names the remaining amount."""
    granted = granted_near(
        employee_ids=[employee.pk for employee, _amount in claims],
        on=on,
        months=rule.cap_months,
        exclude_application=exclude,
    )
    for employee, amount in claims:
        remaining = max(rule.cap - granted[employee.pk], Decimal(0))
        if amount > remaining:
            raise ValidationError(
                _(
                    "%(amount_shown)s kr. is above the cap for %(name)s: "
                    "%(remaining_shown)s kr. of %(cap_shown)s kr. remains within "
                    "%(months)s months of %(date_shown)s."
                ),
                code="over_cap",
                params={
                    # For clients (the API copies these into the problem).
                    "amount": str(amount),
                    "remaining": str(money(remaining)),
                    "cap": str(rule.cap),
                    "employee": employee.pk,
                    # For people: in the reader's number and date formats.
                    "amount_shown": _kroner(amount),
                    "remaining_shown": _kroner(money(remaining)),
                    "cap_shown": _kroner(rule.cap),
                    "name": employee.name,
                    "months": rule.cap_months,
                    "date_shown": formats.date_format(on, "DATE_FORMAT"),
                },
            )


def _kroner(amount: Decimal) -> str:
    return formats.number_format(amount, 2, use_l10n=True, force_grouping=True)


def check_eligible(*, participants, rule) -> None:
    """Staff under an agreement the rule does not cover are refused."""
    agreements = list(rule.eligible_agreements.all())
    if not agreements:
        return
    roles = {role.pk for a in agreements for role in a.job_roles.all()}
    for employee in participants:
        if employee.job_role_id not in roles:
            raise ValidationError(
                _(
                    "%(name)s is not employed under an agreement the fund covers "
                    "(%(agreements)s)."
                )
                % {
                    "name": employee.name,
                    "agreements": ", ".join(a.name for a in agreements),
                },
                code="not_eligible",
            )
