"""Helpers for the enrollment workflow tests: sessions, and refusal checks."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from competences.models import Assessment
from courses.models import CourseSession, Enrollment, PracticeTaskSubmission
from tests import factories

TASK = "Dokumentér tre borgerbesøg og gennemgå dem med en kollega."


def session_with(capacity=10, practice_task="", outcomes=(), **fields):
    """A future session of a fresh course with the given outcomes."""
    course = factories.CourseFactory(practice_task=practice_task)
    for code, from_level, to_level in outcomes:
        factories.CourseOutcomeFactory(
            course=course,
            competence=factories.competence(code),
            from_level=from_level,
            to_level=to_level,
        )
    return factories.CourseSessionFactory(course=course, capacity=capacity, **fields)


def enrollment_in(session, status, **fields):
    return factories.EnrollmentFactory(session=session, status=status, **fields)


def started(session):
    """Move a session into the past (enrollments were made while it was open)."""
    session.starts_at = timezone.now() - timedelta(hours=2)
    session.ends_at = timezone.now() - timedelta(hours=1)
    session.save()
    return session


def snapshot():
    """Every row the workflow writes, to prove a refusal changed nothing."""
    return (
        list(
            Enrollment.objects.order_by("pk").values_list(
                "pk",
                "status",
                "approved_by",
                "decided_at",
                "waitlisted_at",
                "attendance_at",
                "completed_at",
                "ended_at",
            )
        ),
        list(
            PracticeTaskSubmission.objects.order_by("pk").values_list(
                "pk", "status", "reviewed_by", "reviewed_at", "review_note"
            )
        ),
        list(
            CourseSession.objects.order_by("pk").values_list(
                "pk", "is_cancelled", "cancelled_at"
            )
        ),
        list(Assessment.objects.order_by("pk").values_list("pk", "level")),
    )


def assert_refused(code, message, service, **kwargs):
    """The service refuses with this code and English message and writes nothing."""
    before = snapshot()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        service(**kwargs)
    assert caught.value.code == code
    assert caught.value.messages == [message]
    assert snapshot() == before
    return caught.value
