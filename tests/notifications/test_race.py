"""Twenty withdrawals at once promote twenty people, and each promoted person
gets exactly one mail (PostgreSQL, real threads, a real SMTP server)."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services
from courses.models import Enrollment
from notifications.models import Notification, State
from tests import factories
from tests.courses.test_race import THREADS, race
from tests.courses.workflow import session_with
from tests.notifications.conftest import subject

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Status = Enrollment.Status


def test_twenty_withdrawals_promote_twenty_people_each_mailed_once(
    digcomp, smtp, hr, department
):
    session = session_with(capacity=THREADS)
    seated = [
        factories.EnrollmentFactory(
            session=session,
            status=Status.ENROLLED,
            employee=factories.EmployeeFactory(department=department),
        )
        for _ in range(THREADS)
    ]
    start = timezone.now()
    waiting = [
        factories.EnrollmentFactory(
            session=session,
            status=Status.WAITLISTED,
            waitlisted_at=start + timedelta(seconds=n),
            employee=factories.EmployeeFactory(department=department),
        )
        for n in range(THREADS)
    ]

    errors = race(
        lambda enrollment: services.enrollment_withdraw(
            enrollment=enrollment, withdrawn_by=hr
        ),
        seated,
    )

    assert errors == []
    statuses = Counter(session.enrollments.values_list("status", flat=True))
    assert statuses == {"enrolled": THREADS, "withdrawn": THREADS}
    for enrollment in waiting:
        (mail,) = smtp.to(enrollment.employee.work_email)
        assert subject(mail).startswith("Der er blevet en plads ledig:")
    for enrollment in seated:
        (mail,) = smtp.to(enrollment.employee.work_email)
        assert subject(mail).startswith("Afmeldt:")
    assert len(smtp.mails) == 2 * THREADS
    assert Counter(Notification.objects.values_list("state", flat=True)) == {
        State.SENT: 2 * THREADS
    }
