"""The instants the level rule is evaluated at."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def day_start(day: date) -> datetime:
    tz = timezone.get_default_timezone()
    return timezone.make_aware(datetime.combine(day, time.min), tz)


def day_end(day: date) -> datetime:
    """The first instant after ``day`` in the installation's time zone.

    Levels "as of a date" include every assessment made during that day.
    """
    return day_start(day + timedelta(days=1))


def instant(as_of: date | datetime | None) -> datetime:
    """The exclusive upper bound for assessments counted ``as_of`` (now)."""
    if as_of is None:
        return timezone.now()
    if isinstance(as_of, datetime):
        return as_of
    return day_end(as_of)


def validity_start(end: datetime) -> datetime:
    """The oldest moment an assessment may have to still count at ``end``."""
    return end - timedelta(days=settings.COMPETENCE_VALIDITY_DAYS)
