"""Delivery through a real SMTP server: nothing lost while it is down, slow or
refusing, and no mail ever sent twice (notifications.delivery)."""

from datetime import timedelta
from functools import partial

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications import delivery, recipients
from notifications.messages import Message
from notifications.models import Kind, Notification, State
from notifications.services import notify
from tests import factories
from tests.notifications.conftest import prefer, subject, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    """Write notifications as a service would; their task runs at commit."""

    def write(*users, title="Dokumentation", note="", unsubscribe=""):
        with django_capture_on_commit_callbacks(execute=True):
            return [
                notify(
                    to=recipients.for_user(user),
                    kind=Kind.SESSION_REMINDER,
                    dedupe_key=f"test:{user.pk}:{title}",
                    build=partial(
                        Message,
                        subject=f"Påmindelse: {title}",
                        lines=["Husk holdet."],
                        url="/courses/",
                        action="Se kurset",
                        note=("Note", note) if note else None,
                    ),
                    unsubscribe=unsubscribe,
                )
                for user in users
            ]

    return write


def states(*notifications) -> list[str]:
    return [Notification.objects.get(pk=n.pk).state for n in notifications]


def later(minutes: int):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_notification_is_sent_once_and_marked(smtp, queue, manager):
    (notification,) = queue(manager)
    assert states(notification) == [State.SENT]
    assert [subject(m) for m in smtp.mails] == ["Påmindelse: Dokumentation"]
    delivery.deliver([notification.pk])  # a second task for the same row
    delivery.deliver_due(now=later(60))
    assert len(smtp.mails) == 1


def test_with_the_server_down_mails_wait_and_go_out_once_it_is_back(
    smtp, queue, manager, hr
):
    smtp.stop()
    waiting = queue(manager, hr)
    assert states(*waiting) == [State.PENDING, State.PENDING]
    row = Notification.objects.get(pk=waiting[0].pk)
    assert row.attempts == 1 and row.next_attempt_at > timezone.now()
    assert "ConnectionRefusedError" in row.last_error

    assert delivery.deliver_due()["sent"] == 0  # not due yet: no retry storm
    smtp.start()
    outcome = delivery.deliver_due(now=later(2))
    assert outcome["sent"] == 2
    assert states(*waiting) == [State.SENT, State.SENT]
    assert sorted(m["X-Envelope-To"] for m in smtp.mails) == [
        "hr@example.dk",
        "manager@example.dk",
    ]
    delivery.deliver_due(now=later(60))
    assert len(smtp.mails) == 2


def test_retries_back_off_and_stop_after_24_hours(smtp, queue, manager):
    smtp.stop()
    (notification,) = queue(manager)
    waits = []
    moment = timezone.now()
    while Notification.objects.get(pk=notification.pk).state == State.PENDING:
        row = Notification.objects.get(pk=notification.pk)
        waits.append(row.next_attempt_at - moment)
        moment = row.next_attempt_at
        delivery.deliver_due(now=moment)
    row = Notification.objects.get(pk=notification.pk)
    assert row.state == State.FAILED
    assert [round(w.total_seconds() / 60) for w in waits[:4]] == [1, 2, 4, 8]
    assert sum(waits, timedelta()) <= timedelta(hours=24)
    assert row.attempts == len(waits) + 1


def test_a_permanent_refusal_fails_without_retrying(smtp, queue, manager, hr):
    smtp.inbox.refuse["manager@example.dk"] = "550 5.1.1 No such mailbox"
    refused, fine = queue(manager, hr)
    assert states(refused, fine) == [State.FAILED, State.SENT]
    assert Notification.objects.get(pk=refused.pk).last_error == "SMTP 550"
    delivery.deliver_due(now=later(120))
    assert [m["X-Envelope-To"] for m in smtp.mails] == ["hr@example.dk"]


def test_a_temporary_refusal_is_retried(smtp, queue, manager):
    smtp.inbox.refuse["manager@example.dk"] = "451 4.3.0 Try again later"
    (notification,) = queue(manager)
    assert states(notification) == [State.PENDING]
    del smtp.inbox.refuse["manager@example.dk"]
    delivery.deliver_due(now=later(2))
    assert states(notification) == [State.SENT]
    assert len(smtp.mails) == 1


def test_a_server_too_slow_to_greet_is_retried(smtp, queue, manager):
    smtp.inbox.slow_ehlo = 2  # EMAIL_TIMEOUT is 1 second
    (notification,) = queue(manager)
    row = Notification.objects.get(pk=notification.pk)
    # smtplib reports the timeout as a lost connection, before any mail.
    assert row.state == State.PENDING
    assert row.last_error == "SMTPServerDisconnected"
    assert smtp.inbox.data_commands == 0
    smtp.inbox.slow_ehlo = 0
    delivery.deliver_due(now=later(2))
    assert states(notification) == [State.SENT]
    assert len(smtp.mails) == 1


def test_a_timeout_while_the_server_takes_the_mail_is_never_resent(
    smtp, queue, manager
):
    """The server may have the mail once DATA is under way: sending again
    could deliver it twice, so it fails visibly instead."""
    smtp.inbox.slow_data = 2
    (notification,) = queue(manager)
    row = Notification.objects.get(pk=notification.pk)
    assert row.state == State.FAILED and row.last_error.startswith("uncertain")
    smtp.inbox.slow_data = 0
    delivery.deliver_due(now=later(120))
    assert smtp.inbox.data_commands == 1


def test_a_worker_killed_between_sending_and_marking_never_sends_twice(
    smtp, manager, monkeypatch
):
    class Killed(BaseException):
        """The process dies: no except clause of the worker runs."""

    def die(pk):
        raise Killed

    notification = notify(
        to=recipients.for_user(manager),
        kind=Kind.SESSION_REMINDER,
        dedupe_key="killed",
        build=partial(Message, "Emne", ["Tekst"], "/", "Åbn"),
    )
    monkeypatch.setattr(delivery, "mark_sent", die)
    with pytest.raises(Killed):
        delivery.deliver([notification.pk])
    notification.refresh_from_db()
    assert notification.state == State.SENDING
    assert len(smtp.mails) == 1
    monkeypatch.undo()

    # Another worker, or the sweep, before and after the claim lapses.
    delivery.deliver([notification.pk])
    delivery.deliver_due()
    delivery.deliver_due(now=later(60))
    notification.refresh_from_db()
    assert notification.state == State.FAILED
    assert "uncertain" in notification.last_error
    assert len(smtp.mails) == 1


def test_two_workers_claiming_one_notification_send_it_once(smtp, manager):
    (notification,) = [
        notify(
            to=recipients.for_user(manager),
            kind=Kind.SESSION_REMINDER,
            dedupe_key="twice",
            build=partial(Message, "Emne", ["Tekst"], "/", "Åbn"),
        )
    ]
    delivery.deliver([notification.pk, notification.pk])
    delivery.deliver([notification.pk])
    assert len(smtp.mails) == 1


def test_cr_lf_in_a_title_or_note_injects_no_header(smtp, queue, manager, hr):
    queue(
        manager,
        title="Kursus\r\nBcc: hr@example.dk\r\nX-Evil: 1",
        note="Første linje\r\nBcc: hr@example.dk",
    )
    (mail,) = smtp.mails
    assert mail["X-Envelope-To"] == "manager@example.dk"
    assert mail["Bcc"] is None and mail["X-Evil"] is None
    assert subject(mail) == "Påmindelse: Kursus Bcc: hr@example.dk X-Evil: 1"
    assert "Første linje\nBcc: hr@example.dk" in text_of(mail)


def test_reminders_carry_a_working_list_unsubscribe(smtp, queue, manager, client):
    queue(manager, unsubscribe="reminders")
    (mail,) = smtp.mails
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(mail["List-Unsubscribe"]).strip().strip("<>")
    assert link.startswith("https://kyndig.example.dk/notifications/unsubscribe/")
    assert link in text_of(mail)
    path = link.removeprefix("https://kyndig.example.dk")
    # Opening the link only asks; the one-click POST turns reminders off.
    assert client.get(path).status_code == 200
    assert manager.notification_preferences.reminders is True
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    manager.notification_preferences.refresh_from_db()
    assert manager.notification_preferences.reminders is False


def test_a_decision_mail_has_no_unsubscribe(smtp, queue, manager):
    queue(manager)
    assert smtp.mails[0]["List-Unsubscribe"] is None


def test_an_unsubscribe_link_cannot_be_forged(client, manager):
    from django.core import signing

    preferences = prefer(manager)
    forged = signing.Signer(salt="another salt").sign_object(
        [preferences.mail_key, "reminders"]
    )
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 404
    assert client.get("/notifications/unsubscribe/nonsense/").status_code == 404
    preferences.refresh_from_db()
    assert preferences.reminders is True


def test_mails_are_multipart_text_and_html_in_the_apps_look(smtp, queue, manager):
    prefer(manager, language="en")
    queue(manager, title="<b>Kursus</b>")
    (mail,) = smtp.mails
    assert mail.get_content_type() == "multipart/alternative"
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "#0b4f8a" in html  # the brand colour of the pages
    assert "&lt;b&gt;Kursus&lt;/b&gt;" in html and "<b>Kursus" not in html
    assert "Choose which mails you get" in html


def test_without_email_host_local_mode_writes_mails_to_var_mail(
    settings, tmp_path, manager, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=recipients.for_user(manager),
            kind=Kind.SESSION_REMINDER,
            dedupe_key="file",
            build=partial(Message, "Påmindelse", ["Tekst"], "/", "Åbn"),
        )
    (written,) = (tmp_path / "mail").iterdir()
    assert "manager@example.dk" in written.read_text()


def test_the_send_notifications_command_reports_what_it_did(smtp, manager):
    smtp.stop()
    notify(
        to=recipients.for_user(manager),
        kind=Kind.SESSION_REMINDER,
        dedupe_key="cmd",
        build=partial(Message, "Emne", ["Tekst"], "/", "Åbn"),
    )
    smtp.start()
    from io import StringIO

    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert "1 sendt" in out.getvalue()


def test_a_failed_mail_shows_in_the_admin(smtp, queue, manager, client):
    smtp.inbox.refuse["manager@example.dk"] = "550 No"
    (notification,) = queue(manager)
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    page = client.get("/admin/notifications/notification/?state__exact=failed")
    assert page.status_code == 200
    assert f"/admin/notifications/notification/{notification.pk}/" in (
        page.content.decode()
    )
