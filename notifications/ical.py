"""iCalendar (RFC 5545) for enrollments: mail invitations and personal feeds.

Each enrollment is one calendar event with a stable UID. Every invitation for
it carries a higher SEQUENCE than the last one sent, so a calendar program
moves the event when the session moves (METHOD:REQUEST) and removes it when
the place is withdrawn or the session cancelled (METHOD:CANCEL). The feed
shows the same UIDs at their latest SEQUENCE.
"""

from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from courses.models import Enrollment
from notifications.models import Notification

REQUEST, CANCEL = "REQUEST", "CANCEL"
PRODUCT = "-//Kyndig//Notifications//DA"
# The feed keeps recent sessions too, so they do not vanish from the calendar
# the moment they end.
FEED_PAST = timedelta(days=90)
CONFIRMED = {
    Enrollment.Status.ENROLLED,
    Enrollment.Status.ATTENDED,
    Enrollment.Status.COMPLETED,
}
FEED_STATUSES = (*CONFIRMED, Enrollment.Status.REQUESTED, Enrollment.Status.WAITLISTED)


def uid(enrollment_id: int) -> str:
    host = urlsplit(settings.KYNDIG_BASE_URL).hostname or "kyndig"
    return f"enrollment-{enrollment_id}@{host}"


def next_sequence(enrollment_id: int) -> int:
    """One above the last invitation sent for the enrollment (0 for the first).

    Callers hold the session's lock, so two changes cannot pick the same one.
    """
    last = Notification.objects.filter(calendar_uid=uid(enrollment_id)).aggregate(
        last=Max("calendar_sequence")
    )["last"]
    return 0 if last is None else last + 1


def was_invited(enrollment_id: int) -> bool:
    """Whether a calendar invitation went out for the enrollment."""
    return Notification.objects.filter(calendar_uid=uid(enrollment_id)).exists()


def _event(enrollment, *, sequence: int, status: str) -> Event:
    session = enrollment.session
    course = session.course
    event = Event()
    event.add("uid", uid(enrollment.pk))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", course.title)
    if session.location:
        event.add("location", session.location)
    if course.purpose:
        event.add("description", course.purpose)
    event.add("status", status)
    return event


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or "Kyndig")
    return organizer


def invitation(enrollment, *, method: str, sequence: int, attendee: str) -> str:
    """A one-event calendar for a mail: an invitation or its cancellation."""
    calendar = _calendar()
    calendar.add("method", method)
    status = "CANCELLED" if method == CANCEL else "CONFIRMED"
    event = _event(enrollment, sequence=sequence, status=status)
    event.add("organizer", _organizer())
    if attendee:
        person = vCalAddress(f"mailto:{attendee}")
        person.params["cn"] = vText(enrollment.employee.name)
        person.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", person)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    return calendar


def feed(employee) -> str:
    """The employee's upcoming and recent sessions, as a subscribable calendar."""
    calendar = _calendar()
    calendar.add("x-wr-calname", "Kyndig")
    enrollments = list(
        Enrollment.objects.filter(
            employee=employee,
            status__in=FEED_STATUSES,
            session__is_cancelled=False,
            session__ends_at__gte=timezone.now() - FEED_PAST,
        )
        .select_related("session__course")
        .order_by("session__starts_at", "pk")
    )
    sequences = dict(
        Notification.objects.filter(calendar_uid__in=[uid(e.pk) for e in enrollments])
        .values_list("calendar_uid")
        .annotate(last=Max("calendar_sequence"))
    )
    for enrollment in enrollments:
        status = "CONFIRMED" if enrollment.status in CONFIRMED else "TENTATIVE"
        sequence = sequences.get(uid(enrollment.pk)) or 0
        calendar.add_component(_event(enrollment, sequence=sequence, status=status))
    return calendar.to_ical().decode()
