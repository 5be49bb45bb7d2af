"""Benchmark (not a test): the notification outbox.

1. Queue N notifications (rendered in the recipient's language, written to the
   outbox) and send them all to a local aiosmtpd through Django's SMTP backend:
   time, mails per second and the process's peak memory.
2. The latency of an employee's enrollment request (POST /api/v1/enrollments/,
   the whole Django stack in process) with the notification subscribers on and
   off, interleaved, on the production task backend (the request only queues
   the mail; the worker sends it).

Run on a fresh database of its own, e.g.:

    KYNDIG_VAR_DIR=$(mktemp -d) DJANGO_DEBUG=0 KYNDIG_TASKS_DB=1 \\
        .venv/bin/python bench/notifications.py --count 10000 --requests 400

(``DATABASE_URL=postgres://…`` for PostgreSQL; the database must be empty.)
"""

import argparse
import logging
import os
import resource
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Counter:
    """An aiosmtpd handler that only counts what it accepts."""

    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def start_smtp(settings):
    from aiosmtpd.controller import Controller

    from tests.mailserver import free_port

    # aiosmtpd logs every SMTP command at INFO: 10,000 mails of that would
    # time the terminal, not the sending.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = Counter()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    return controller, handler


def users(count: int) -> list:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.dk") for n in range(count)
    )
    return list(User.objects.filter(username__startswith="bench").order_by("pk"))


def queue_and_send(count: int, settings) -> None:
    from django.db import transaction

    from notifications import delivery, recipients
    from notifications.messages import Message
    from notifications.models import Kind, Notification, Preferences
    from notifications.services import notify

    people = users(100)
    Preferences.objects.bulk_create(
        Preferences(user=u, language="en" if n % 2 else "da")
        for n, u in enumerate(people)
    )
    targets = [recipients.for_user(u) for u in people]
    started = time.perf_counter()
    with transaction.atomic():
        for n in range(count):
            to = targets[n % len(targets)]
            notify(
                to=to,
                kind=Kind.SESSION_REMINDER,
                dedupe_key=f"bench:{n}",
                build=partial(
                    Message,
                    subject=f"Påmindelse: Kursus {n}",
                    lines=["Husk holdet i morgen."],
                    url="/me/",
                    action="Se dine kurser",
                    facts=[("Kursus", f"Kursus {n}"), ("Sted", "Rådhuset")],
                ),
                unsubscribe="reminders",
            )
        # Sent below by the sweep, not by the tasks queued at commit.
        transaction.on_commit(lambda: None)
    queued = time.perf_counter() - started
    print(
        f"queued {count} notifications in {queued:.1f} s "
        f"({count / queued:.0f}/s), peak memory {peak_mib():.0f} MiB"
    )

    controller, handler = start_smtp(settings)
    started = time.perf_counter()
    outcome = delivery.deliver_due()
    sent = time.perf_counter() - started
    controller.stop()
    assert handler.count == count == outcome["sent"], (handler.count, outcome)
    assert not Notification.objects.exclude(state="sent").exists()
    print(
        f"sent {handler.count} mails to aiosmtpd in {sent:.1f} s "
        f"({count / sent:.0f} mails/s), peak memory {peak_mib():.0f} MiB"
    )


def request_latency(requests: int) -> None:
    from django.test import Client

    from courses import events
    from employees.models import AccessGrant
    from tests import factories

    department = factories.DepartmentFactory()
    manager = factories.UserFactory(username="bench-manager")
    factories.AccessGrantFactory(
        user=manager, department=department, kind=AccessGrant.Kind.MANAGER
    )
    session = factories.CourseSessionFactory(capacity=requests)
    people = [
        factories.EmployeeFactory(
            department=department,
            user=factories.UserFactory(username=f"bench-employee-{n}"),
        )
        for n in range(requests)
    ]
    event = events.enrollment_requested
    handlers = list(event._in_transaction)
    # Off turns off the notifications' subscribers only: the figures cache
    # (reports) listens to the same event and stays on in both.
    others = [h for h in handlers if not h.__module__.startswith("notifications.")]
    timings = {True: [], False: []}
    client = Client()
    for n, person in enumerate(people):
        on = n % 2 == 0
        event._in_transaction[:] = handlers if on else others
        client.force_login(person.user)
        started = time.perf_counter()
        response = client.post(
            "/api/v1/enrollments/",
            {"employee": person.pk, "session": session.pk},
            content_type="application/json",
        )
        timings[on].append(time.perf_counter() - started)
        assert response.status_code == 201, response.content
    event._in_transaction[:] = handlers
    # The first requests warm caches; compare the rest.
    for on in (False, True):
        rows = sorted(timings[on][5:])
        print(
            f"enrollment request, notifications {'on ' if on else 'off'}: "
            f"median {statistics.median(rows) * 1000:.2f} ms, "
            f"p90 {rows[int(len(rows) * 0.9)] * 1000:.2f} ms ({len(rows)} requests)"
        )
    off = statistics.median(timings[False][5:])
    on = statistics.median(timings[True][5:])
    print(f"difference of the medians: {(on - off) / off * 100:+.1f} %")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count", type=int, default=10000, help="notifications to send (0: none)"
    )
    parser.add_argument(
        "--requests", type=int, default=400, help="enrollment requests (0: none)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from competences.services import digcomp_ensure

    digcomp_ensure()
    print(
        f"database: {connection.vendor}, tasks: "
        f"{settings.TASKS['default']['BACKEND'].rsplit('.', 1)[-1]}, "
        f"debug: {settings.DEBUG}"
    )
    if args.count:
        queue_and_send(args.count, settings)
    if args.requests:
        request_latency(args.requests)


if __name__ == "__main__":
    main()
