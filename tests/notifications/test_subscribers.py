"""Each domain event reaches the right people, once, in their language,
through a real SMTP server (DESIGN §8: who hears what)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services
from courses.models import Enrollment
from employees.models import AccessGrant
from notifications.models import Kind, Notification, State
from tests import factories
from tests.factories import competence
from tests.notifications.conftest import (
    calendar_of,
    html_of,
    prefer,
    subject,
    text_of,
)

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


@pytest.fixture
def course(partner):
    course = factories.CourseFactory(
        provider=partner,
        title="Dokumentation i omsorgssystemet",
        practice_task="Dokumentér tre borgerbesøg.",
    )
    factories.CourseOutcomeFactory(
        course=course, competence=competence("1.3"), from_level=2, to_level=4
    )
    return course


@pytest.fixture
def session(course):
    return factories.CourseSessionFactory(
        course=course, capacity=1, location="Rådhuset, lokale 3"
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a service as a request would: its mails go out once it commits."""

    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


def test_a_request_goes_to_the_employees_manager_in_their_language(
    smtp, run, session, employee, manager, hr
):
    prefer(manager, language="en")
    enrollment = run(
        services.enrollment_request,
        employee=employee,
        session=session,
        requested_by=employee.user,
    )
    (mail,) = smtp.mails
    assert mail["X-Envelope-To"] == "manager@example.dk"
    assert subject(mail) == (
        "Anna Jensen asks for a seat: Dokumentation i omsorgssystemet"
    )
    link = (
        f"https://kyndig.example.dk/employees/{employee.pk}/#enrollment-{enrollment.pk}"
    )
    assert link in text_of(mail) and link in html_of(mail)
    assert "Approve or reject" in html_of(mail)
    # HR over the whole municipality is not the nearest lead.
    assert smtp.to("hr@example.dk") == []


def test_a_department_manager_hears_before_the_forvaltning_head(
    smtp, run, session, employee, manager, department
):
    near = factories.UserFactory(username="near")
    factories.AccessGrantFactory(
        user=near, department=department, kind=AccessGrant.Kind.MANAGER
    )
    run(
        services.enrollment_request,
        employee=employee,
        session=session,
        requested_by=employee.user,
    )
    assert [m["X-Envelope-To"] for m in smtp.mails] == ["near@example.dk"]


def test_without_a_manager_hr_decides_and_hears(smtp, run, session, municipality, hr):
    alone = factories.DepartmentFactory(parent=municipality)
    worker = factories.EmployeeFactory(
        department=alone, user=factories.UserFactory(username="w")
    )
    run(
        services.enrollment_request,
        employee=worker,
        session=session,
        requested_by=worker.user,
    )
    assert [m["X-Envelope-To"] for m in smtp.mails] == ["hr@example.dk"]


def test_an_approval_tells_the_employee_in_danish_with_an_invitation(
    smtp, run, session, employee, manager
):
    request = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.REQUESTED
    )
    run(services.enrollment_approve, enrollment=request, approved_by=manager)
    (mail,) = smtp.mails
    assert mail["X-Envelope-To"] == employee.work_email
    assert subject(mail) == "Godkendt: Dokumentation i omsorgssystemet"
    assert "Rådhuset, lokale 3" in text_of(mail)
    invitation = calendar_of(mail)
    assert "METHOD:REQUEST" in invitation
    assert f"UID:enrollment-{request.pk}@kyndig.example.dk" in invitation


def test_a_rejection_carries_the_managers_reason(smtp, run, session, employee, manager):
    request = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.REQUESTED
    )
    prefer(employee.user, language="en")
    run(
        services.enrollment_reject,
        enrollment=request,
        rejected_by=manager,
        reason="Holdet passer bedre til foråret.",
    )
    (mail,) = smtp.mails
    assert subject(mail) == "Not approved: Dokumentation i omsorgssystemet"
    assert "Holdet passer bedre til foråret." in text_of(mail)
    assert calendar_of(mail) is None


def test_hr_placing_someone_in_a_full_session_waitlists_them(
    smtp, run, session, employee, hr, department
):
    seated = factories.EmployeeFactory(department=department)
    run(services.enrollment_enroll, employee=seated, session=session, enrolled_by=hr)
    run(services.enrollment_enroll, employee=employee, session=session, enrolled_by=hr)
    (placed,) = smtp.to(seated.work_email)
    assert subject(placed).startswith("Du er tilmeldt:")
    assert "METHOD:REQUEST" in calendar_of(placed)
    (waiting,) = smtp.to(employee.work_email)
    assert subject(waiting).startswith("Du er på venteliste:")
    assert calendar_of(waiting) is None


def test_a_withdrawal_cancels_the_seat_and_promotes_the_first_waiting(
    smtp, run, session, employee, hr, department
):
    seated = factories.EmployeeFactory(department=department)
    first = run(
        services.enrollment_enroll, employee=seated, session=session, enrolled_by=hr
    )
    run(services.enrollment_enroll, employee=employee, session=session, enrolled_by=hr)
    run(services.enrollment_withdraw, enrollment=first, withdrawn_by=hr)

    withdrawn = smtp.to(seated.work_email)[-1]
    assert subject(withdrawn).startswith("Afmeldt:")
    cancel = calendar_of(withdrawn)
    assert "METHOD:CANCEL" in cancel and "SEQUENCE:1" in cancel
    promoted = smtp.to(employee.work_email)[-1]
    assert subject(promoted).startswith("Der er blevet en plads ledig:")
    assert "METHOD:REQUEST" in calendar_of(promoted)
    assert len(smtp.mails) == 4  # two placements, the withdrawal, the promotion


def test_withdrawing_a_request_sends_no_calendar(smtp, run, session, employee):
    request = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.REQUESTED
    )
    run(services.enrollment_withdraw, enrollment=request, withdrawn_by=employee.user)
    (mail,) = smtp.mails
    assert subject(mail).startswith("Afmeldt:") and calendar_of(mail) is None


def test_a_moved_session_updates_the_calendar_and_tells_hr_who_placed(
    smtp, run, session, employee, hr, department
):
    from courses.services.catalogue import session_update

    waiting = factories.EmployeeFactory(department=department)
    enrollment = run(
        services.enrollment_enroll, employee=employee, session=session, enrolled_by=hr
    )
    run(services.enrollment_enroll, employee=waiting, session=session, enrolled_by=hr)
    later = session.starts_at + timedelta(days=7)
    run(
        session_update,
        session=session,
        starts_at=later,
        ends_at=later + timedelta(hours=6),
    )

    moved = smtp.to(employee.work_email)[-1]
    assert subject(moved).startswith("Holdet er flyttet:")
    first, update = (calendar_of(m) for m in smtp.to(employee.work_email))
    uid = f"UID:enrollment-{enrollment.pk}@kyndig.example.dk"
    assert uid in first and uid in update
    assert "SEQUENCE:0" in first and "SEQUENCE:1" in update
    assert calendar_of(smtp.to(waiting.work_email)[-1]) is None
    (to_hr,) = smtp.to("hr@example.dk")
    assert "Anna Jensen" in text_of(to_hr)
    assert len(smtp.mails) == 5


def test_a_cancelled_session_tells_each_participant_and_hr_once(
    smtp, run, session, employee, hr
):
    from courses.services.sessions import session_cancel

    run(services.enrollment_enroll, employee=employee, session=session, enrolled_by=hr)
    run(session_cancel, session=session, cancelled_by=hr)
    cancelled = smtp.to(employee.work_email)[-1]
    assert subject(cancelled).startswith("Aflyst:")
    assert "METHOD:CANCEL" in calendar_of(cancelled)
    assert len(smtp.to("hr@example.dk")) == 1


def test_practice_tasks_go_to_the_manager_and_back_with_the_note(
    smtp, run, session, employee, manager
):
    enrollment = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.ATTENDED
    )
    prefer(manager, language="en")
    submission = run(
        services.practice_task_submit,
        enrollment=enrollment,
        evidence="Tre besøg dokumenteret.",
        submitted_by=employee.user,
    )
    (to_manager,) = smtp.to("manager@example.dk")
    assert subject(to_manager) == "Practice task to review: Anna Jensen"
    assert "Tre besøg dokumenteret." in text_of(to_manager)

    run(
        services.practice_task_return,
        submission=submission,
        reviewed_by=manager,
        note="Beskriv det andet besøg.",
    )
    returned = smtp.to(employee.work_email)[-1]
    assert subject(returned).startswith("Praksisopgave sendt retur:")
    assert "Beskriv det andet besøg." in text_of(returned)


def test_an_approved_practice_task_completes_the_course_with_its_levels(
    smtp, run, session, employee, manager
):
    enrollment = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.ATTENDED
    )
    submission = factories.PracticeTaskSubmissionFactory(enrollment=enrollment)
    run(services.practice_task_approve, submission=submission, reviewed_by=manager)
    subjects = [subject(m) for m in smtp.to(employee.work_email)]
    assert subjects == [
        "Praksisopgave godkendt: Dokumentation i omsorgssystemet",
        "Kursus gennemført: Dokumentation i omsorgssystemet",
    ]
    completed = text_of(smtp.to(employee.work_email)[-1])
    assert "1.3" in completed and "4" in completed


def test_no_address_keeps_the_notification_in_the_app(
    smtp, run, session, employee, manager
):
    type(employee).objects.filter(pk=employee.pk).update(work_email="")
    employee.user.email = ""
    employee.user.save()
    employee.refresh_from_db()
    request = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.REQUESTED
    )
    run(services.enrollment_approve, enrollment=request, approved_by=manager)
    assert smtp.mails == []
    notification = Notification.objects.get(recipient=employee.user)
    assert notification.state == State.NO_ADDRESS
    assert notification.kind == Kind.ENROLLMENT_APPROVED


def test_an_employee_without_a_login_is_mailed_at_work(
    smtp, run, session, department, hr
):
    worker = factories.EmployeeFactory(department=department, user=None)
    run(services.enrollment_enroll, employee=worker, session=session, enrolled_by=hr)
    (mail,) = smtp.mails
    assert mail["X-Envelope-To"] == worker.work_email
    assert Notification.objects.get().recipient is None


def test_a_rolled_back_change_notifies_nobody(smtp, session, employee, manager):
    from django.db import transaction

    request = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.REQUESTED
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        services.enrollment_approve(enrollment=request, approved_by=manager)
        raise RuntimeError
    assert not Notification.objects.exists()
    assert smtp.mails == []


def test_the_same_event_twice_notifies_once(session, employee, manager):
    from courses import events

    request = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.REQUESTED
    )
    events.enrollment_requested.emit(enrollment=request, actor=employee.user)
    events.enrollment_requested.emit(enrollment=request, actor=employee.user)
    assert Notification.objects.filter(recipient=manager).count() == 1


def test_a_repeat_reaching_a_new_manager_notifies_only_the_new_one(
    session, employee, manager, forvaltning
):
    # The outbox skips the repeated key in its INSERT; the new manager's row
    # goes in, and the transaction goes on (on PostgreSQL a failed INSERT
    # would have aborted it).
    from courses import events

    request = factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.REQUESTED
    )
    events.enrollment_requested.emit(enrollment=request, actor=employee.user)
    second = factories.UserFactory(username="second-manager")
    factories.AccessGrantFactory(
        user=second, department=forvaltning, kind=AccessGrant.Kind.MANAGER
    )
    events.enrollment_requested.emit(enrollment=request, actor=employee.user)
    assert sorted(
        Notification.objects.values_list("recipient__username", flat=True)
    ) == sorted([manager.username, "second-manager"])
    assert Notification.objects.filter(recipient=manager).count() == 1


def test_a_manager_choosing_no_mail_still_sees_requests_in_the_app(
    smtp, run, session, employee, manager
):
    prefer(manager, requests_mail="none")
    run(
        services.enrollment_request,
        employee=employee,
        session=session,
        requested_by=employee.user,
    )
    assert smtp.mails == []
    assert Notification.objects.get(recipient=manager).state == State.IN_APP


def test_a_moved_session_after_it_started_is_no_news_for_attendees(
    smtp, run, session, employee
):
    from courses.services.catalogue import session_update

    factories.EnrollmentFactory(
        employee=employee, session=session, status=Status.ATTENDED
    )
    run(session_update, session=session, location="Biblioteket")
    assert smtp.mails == []


def test_requirement_events_reach_the_employee_when_obligations_exists(
    smtp, run, employee
):
    from employees.events import Event
    from notifications.apps import OPTIONAL_EVENTS, _subscribe

    created = [
        Event(name, "test") for name in OPTIONAL_EVENTS if name not in Event.registry
    ]
    try:
        _subscribe()
        due = timezone.localdate() + timedelta(days=14)
        with_obligations = Event.registry["requirement_due"]
        run(
            with_obligations.emit,
            employee=employee,
            requirement="Informationssikkerhed 2027",
            due=due,
        )
    finally:
        for event in created:
            del Event.registry[event.name]
    (mail,) = smtp.mails
    assert subject(mail) == "Forfalder snart: Informationssikkerhed 2027"


def test_a_campaign_try_goes_to_the_manager_and_back(
    smtp, run, hr, employee, manager, forvaltning
):
    """A roll-out campaign's try is practice-task evidence without a course:
    the manager hears of it, the employee of the review (DESIGN §9)."""
    from obligations import services as obligations

    today = timezone.localdate()
    campaign = obligations.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="Færre fejl",
        practice_task="Dokumentér et besøg.",
        departments=[forvaltning],
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
    )
    prefer(manager, language="en")
    attempt = run(
        obligations.campaign_try_submit,
        campaign=campaign,
        employee=employee,
        evidence="Dokumenterede et besøg i det nye system.",
        actor=employee.user,
    )
    (to_manager,) = smtp.to("manager@example.dk")
    assert subject(to_manager) == "Practice task to review: Anna Jensen"
    assert "Nyt omsorgssystem" in text_of(to_manager)
    assert "Dokumenterede et besøg i det nye system." in text_of(to_manager)

    run(
        services.practice_task_approve,
        submission=attempt.submission,
        reviewed_by=manager,
        note="Fint.",
    )
    approved = smtp.to(employee.work_email)[-1]
    assert subject(approved) == "Praksisopgave godkendt: Nyt omsorgssystem"
    assert "Fint." in text_of(approved)
