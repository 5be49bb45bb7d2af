"""Calendar invitations and the personal feed parse with two libraries, and a
moved session keeps its UID with a higher SEQUENCE (notifications.ical)."""

from datetime import timedelta

import icalendar
import pytest
import vobject
from django.urls import reverse

from courses import services
from courses.models import Enrollment
from courses.services.catalogue import session_update
from notifications import ical
from notifications.models import Notification
from notifications.services import calendar_feed_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(partner):
    course = factories.CourseFactory(
        provider=partner,
        title="Kursus, med; tegn\r\nATTENDEE:mailto:evil@example.dk",
    )
    return factories.CourseSessionFactory(course=course, location="Rådhuset")


def both(text: str):
    """The calendar read by icalendar and by vobject: (event, vevent)."""
    parsed = icalendar.Calendar.from_ical(text)
    (event,) = parsed.walk("VEVENT")
    other = vobject.readOne(text)
    return parsed, event, other


def invitations(enrollment):
    return list(
        Notification.objects.filter(calendar_uid=ical.uid(enrollment.pk))
        .order_by("calendar_sequence")
        .values_list("calendar", flat=True)
    )


def test_an_invitation_and_its_update_parse_and_keep_the_uid(session, employee, hr):
    enrollment = services.enrollment_enroll(
        employee=employee, session=session, enrolled_by=hr
    )
    later = session.starts_at + timedelta(days=2)
    session_update(session=session, starts_at=later, ends_at=later + timedelta(hours=3))

    first, moved = invitations(enrollment)
    calendar, event, other = both(first)
    title = "Kursus, med; tegn\nATTENDEE:mailto:evil@example.dk"  # text, no line
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["summary"]) == title
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert other.vevent.summary.value == title
    assert len(other.vevent.contents["attendee"]) == 1
    assert other.vevent.location.value == "Rådhuset"
    assert other.vevent.organizer.value == "mailto:kyndig@localhost"
    assert other.vevent.attendee.value == f"mailto:{employee.work_email}"

    calendar, update, other_update = both(moved)
    assert str(update["uid"]) == str(event["uid"]) == other_update.vevent.uid.value
    assert int(update["sequence"]) == 1 > int(event["sequence"]) == 0
    assert int(other_update.vevent.sequence.value) == 1
    assert update.decoded("dtstart") == later.replace(microsecond=0)


def test_a_withdrawal_cancels_with_a_higher_sequence(session, employee, hr):
    enrollment = services.enrollment_enroll(
        employee=employee, session=session, enrolled_by=hr
    )
    services.enrollment_withdraw(enrollment=enrollment, withdrawn_by=hr)
    _first, cancel = invitations(enrollment)
    calendar, event, other = both(cancel)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert other.method.value == "CANCEL"
    assert int(event["sequence"]) == 1


def test_the_feed_lists_own_sessions_and_parses(client, session, employee, partner):
    seat = factories.EnrollmentFactory(employee=employee, session=session)
    waiting = factories.EnrollmentFactory(
        employee=employee,
        status=Enrollment.Status.WAITLISTED,
        session=factories.CourseSessionFactory(course__provider=partner),
    )
    factories.EnrollmentFactory(session=session)  # someone else's
    factories.EnrollmentFactory(
        employee=employee,
        status=Enrollment.Status.WITHDRAWN,
        session=factories.CourseSessionFactory(),
    )
    key = calendar_feed_create(user=employee.user)

    response = client.get(reverse("calendar_feed", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    parsed = icalendar.Calendar.from_ical(text)
    events = {str(e["uid"]): str(e["status"]) for e in parsed.walk("VEVENT")}
    assert events == {
        ical.uid(seat.pk): "CONFIRMED",
        ical.uid(waiting.pk): "TENTATIVE",
    }
    assert len(vobject.readOne(text).vevent_list) == 2


def test_the_feed_secret_is_stored_hashed_and_can_be_revoked(client, session, employee):
    from notifications.models import CalendarFeed
    from notifications.services import calendar_feed_revoke

    key = calendar_feed_create(user=employee.user)
    stored = CalendarFeed.objects.get(user=employee.user)
    assert key not in stored.hashed_key and len(stored.hashed_key) == 64
    renewed = calendar_feed_create(user=employee.user)
    assert client.get(reverse("calendar_feed", args=[key])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[renewed])).status_code == 200
    calendar_feed_revoke(user=employee.user)
    assert client.get(reverse("calendar_feed", args=[renewed])).status_code == 404
    assert client.get("/calendar/guess.ics").status_code == 404


def test_the_employee_page_offers_the_feed_to_its_owner_only(client, employee, manager):
    page = reverse("employee_detail", args=[employee.pk])
    client.force_login(manager)
    assert "calendar-heading" not in client.get(page).content.decode()
    client.force_login(employee.user)
    assert "calendar-heading" in client.get(page).content.decode()
    created = client.post(reverse("calendar_feed_create"))
    assert created.status_code == 200
    url = created.context["url"]
    assert "/calendar/" in url and url.endswith(".ics")
    path = url[url.index("/calendar/") :]
    assert client.get(path).status_code == 200
    revoked = client.post(reverse("calendar_feed_revoke"))
    assert revoked.status_code == 302
    assert client.get(path).status_code == 404
