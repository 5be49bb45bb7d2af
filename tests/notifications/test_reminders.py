"""``manage.py send_reminders``: reminders before sessions and deadlines, and
managers' daily digests, created once however often it runs."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from courses.models import Enrollment
from notifications.models import Kind, Notification, State
from tests import factories
from tests.notifications.conftest import prefer, subject

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def in_days(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def send_reminders(capture) -> str:
    out = StringIO()
    with capture(execute=True), translation.override("en"):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_a_session_in_three_days_reminds_its_participants_once(
    smtp, employee, department, django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_DAYS_BEFORE = 3
    soon = factories.CourseSessionFactory(starts_at=in_days(3), capacity=5)
    factories.EnrollmentFactory(employee=employee, session=soon)
    factories.EnrollmentFactory(session=soon, status=Status.WAITLISTED)
    later = factories.CourseSessionFactory(starts_at=in_days(4))
    factories.EnrollmentFactory(employee=employee, session=later)

    out = send_reminders(django_capture_on_commit_callbacks)
    assert "Session reminders: 1 new." in out
    (mail,) = smtp.mails
    assert subject(mail).startswith(f"Påmindelse: {soon.course.title}")
    assert mail["List-Unsubscribe"] is not None

    again = send_reminders(django_capture_on_commit_callbacks)
    assert "Session reminders: 0 new." in again
    assert len(smtp.mails) == 1


def test_someone_who_turned_reminders_off_gets_none(
    smtp, employee, django_capture_on_commit_callbacks
):
    prefer(employee.user, reminders=False)
    soon = factories.CourseSessionFactory(starts_at=in_days(3))
    factories.EnrollmentFactory(employee=employee, session=soon)
    send_reminders(django_capture_on_commit_callbacks)
    assert smtp.mails == []
    assert not Notification.objects.exists()


def test_open_requests_near_the_deadline_remind_the_manager(
    smtp, employee, manager, department, django_capture_on_commit_callbacks
):
    session = factories.CourseSessionFactory(
        starts_at=in_days(20),
        enrollment_deadline=timezone.localdate() + timedelta(days=3),
    )
    colleague = factories.EmployeeFactory(department=department, name="Bo Hansen")
    for person in (employee, colleague):
        factories.EnrollmentFactory(
            employee=person, session=session, status=Status.REQUESTED
        )
    prefer(manager, language="en")
    out = send_reminders(django_capture_on_commit_callbacks)
    assert "Deadline reminders: 1 new." in out
    (mail,) = smtp.to("manager@example.dk")
    assert subject(mail).startswith("2 requests await you before")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Anna Jensen, Bo Hansen" in text


def test_a_manager_with_a_digest_gets_one_mail_a_day(
    smtp, employee, manager, department, django_capture_on_commit_callbacks
):
    from courses import services

    prefer(manager, requests_mail="daily")
    session = factories.CourseSessionFactory(capacity=5)
    for person in (employee, factories.EmployeeFactory(department=department)):
        with django_capture_on_commit_callbacks(execute=True):
            services.enrollment_request(
                employee=person, session=session, requested_by=person.user
            )
    assert smtp.mails == []
    assert Notification.objects.filter(state=State.DIGEST).count() == 2

    send_reminders(django_capture_on_commit_callbacks)
    (digest,) = smtp.to("manager@example.dk")
    assert subject(digest) == "Kyndig: 2 nye sager at tage stilling til"
    assert digest["List-Unsubscribe"] is not None
    assert not Notification.objects.filter(state=State.DIGEST).exists()
    send_reminders(django_capture_on_commit_callbacks)
    assert len(smtp.mails) == 1
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 1
