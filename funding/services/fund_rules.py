"""The fund's rules: periods of one kind of education never overlap."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from funding.defaults import DEFAULT_RULES
from funding.models import FundRule


def fund_rule_validate(*, education_kind: str, valid_from, valid_to, exclude_pk=None):
    """One rule per kind of education on any day, so an application's date
    names exactly one rule."""
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(
            {
                "valid_to": ValidationError(
                    _("A rule cannot end before it starts."), code="invalid"
                )
            }
        )
    overlapping = FundRule.objects.filter(education_kind=education_kind).exclude(
        pk=exclude_pk
    )
    overlapping = overlapping.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    other = overlapping.order_by("valid_from").first()
    if other is not None:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _(
                        "The period overlaps the rule %(rule)s; end that rule the "
                        "day before this one starts."
                    )
                    % {"rule": other},
                    code="rule_overlaps",
                )
            }
        )


@transaction.atomic
def fund_rule_save(*, rule: FundRule) -> FundRule:
    """Create or change a rule (its eligible agreements are set by the caller)."""
    # Rules are edited rarely and by few: one lock on the whole table keeps
    # two overlapping periods from being saved at the same time.
    list(FundRule.objects.select_for_update().values_list("pk", flat=True))
    fund_rule_validate(
        education_kind=rule.education_kind,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        exclude_pk=rule.pk,
    )
    rule.save()
    return rule


@transaction.atomic
def fund_rules_ensure() -> int:
    """Today's defaults (funding.defaults) when no rule exists; the rules
    created."""
    if FundRule.objects.exists():
        return 0
    for values in DEFAULT_RULES:
        FundRule.objects.create(**values)
    return len(DEFAULT_RULES)
