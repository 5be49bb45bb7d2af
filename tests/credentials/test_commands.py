"""issue_badges (achievements from before badges existed) and rotate_badge_keys."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from courses.models import Enrollment, PracticeTaskSubmission
from credentials.models import Badge, IssuerKey, StatusList
from tests import factories
from tests.courses.workflow import TASK, session_with
from tests.credentials.verifier import verify

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history(employee, department):
    """Written straight to the tables, as before badges: no events fired."""
    done = factories.EnrollmentFactory(
        employee=employee,
        session=session_with(),
        status=Enrollment.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    unverified = factories.EnrollmentFactory(
        employee=employee,
        session=session_with(practice_task=TASK),
        status=Enrollment.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    verified = factories.EnrollmentFactory(
        employee=factories.EmployeeFactory(department=department),
        session=session_with(practice_task=TASK),
        status=Enrollment.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    factories.PracticeTaskSubmissionFactory(
        enrollment=verified, status=PracticeTaskSubmission.Review.APPROVED
    )
    factories.AssessmentFactory(employee=employee, level=6)
    factories.AssessmentFactory(
        employee=factories.EmployeeFactory(department=department), level=4
    )
    return done, unverified, verified


def test_issue_badges_awards_what_was_earned_once(history, client):
    done, unverified, verified = history
    output = run("issue_badges")
    assert "course badges: 2 awarded, 3 checked." in output
    assert "stage badges: 1 awarded, 1 checked." in output
    assert "Signed 3 badge(s)." in output
    awarded = set(Badge.objects.values_list("employee", "achievement__course"))
    assert awarded == {
        (done.employee_id, done.course_id),
        (verified.employee_id, verified.course_id),
        (done.employee_id, None),
    }
    for badge in Badge.objects.all():
        verify(badge.jwt, client)

    again = run("issue_badges")
    assert "course badges: 0 awarded, 1 checked." in again
    assert "stage badges: 0 awarded, 0 checked." in again
    assert Badge.objects.count() == 3


def test_issue_badges_signs_what_was_left_unsigned(badge):
    Badge.objects.filter(pk=badge.pk).update(jwt="", credential=None)
    assert "Signed 1 badge(s)." in run("issue_badges")
    assert Badge.objects.get(pk=badge.pk).jwt


def test_issue_badges_publishes_status_lists_never_signed(badge, client):
    # Lists from before signed lists were stored have no token yet.
    StatusList.objects.update(jwt="", signed_at=None)
    output = run("issue_badges")
    assert "Published 1 status list(s)." in output
    assert verify(badge.jwt, client)["id"] == badge.credential["id"]


def test_rotate_badge_keys(badge, municipality):
    output = run("rotate_badge_keys", "--municipality", municipality.code)
    assert municipality.code in output
    assert IssuerKey.objects.filter(retired_at__isnull=True).count() == 1
    assert IssuerKey.objects.count() == 2
    with pytest.raises(CommandError):
        run("rotate_badge_keys", "--municipality", "nope")
