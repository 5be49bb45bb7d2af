"""Dates of a reporting period turned into the instants the metrics use."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from competences.levels.dates import day_end, day_start


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return day_start(self.date_from)

    @property
    def end(self) -> datetime:
        return day_end(self.date_to)


# The figures look back up to COMPETENCE_VALIDITY_DAYS before a period; dates
# near the ends of the calendar would overflow there, and no municipality has
# data outside these years.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def validate_period_date(value: date) -> None:
    """A validator for forms, serializers and ``period_for`` alike."""
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s.")
            % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
            code="date_out_of_range",
        )


def period_for(date_from: date | None = None, date_to: date | None = None) -> Period:
    """The period, by default the last 12 months up to today."""
    date_to = date_to or timezone.localdate()
    validate_period_date(date_to)
    date_from = date_from or max(date_to - timedelta(days=365), EARLIEST)
    validate_period_date(date_from)
    if date_from > date_to:
        raise ValidationError(
            _("The period must start on or before its end."), code="invalid_period"
        )
    return Period(date_from, date_to)
