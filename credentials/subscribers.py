"""What the credentials app does when the domain changes (DESIGN §8, §11).

Awards are written in the transaction of the change (in-transaction
subscribers), signatures after it commits (see ``credentials.services``).
"""

from datetime import timedelta

from django.utils import timezone

from competences.events import assessment_recorded
from competences.models import Assessment
from courses.events import enrollment_completed
from credentials import rules, services
from credentials.events import badge_issued
from credentials.models import Achievement, Badge
from credentials.tasks import badge_sign_task


def on_enrollment_completed(*, enrollment, actor=None, **extra) -> None:
    if rules.course_badge_earned(enrollment):
        services.badge_award(
            employee=enrollment.employee,
            course=enrollment.course,
            enrollment=enrollment,
            awarded_at=enrollment.completed_at or timezone.now(),
            actor=actor,
        )


def on_assessment_recorded(*, assessment, actor=None, **extra) -> None:
    """The first time the employee's overall stage reaches technology-proficient."""
    if assessment.source == Assessment.Source.SELF:
        return  # self-assessments never count towards a level
    employee = assessment.employee
    held = Badge.objects.filter(
        employee=employee,
        achievement__kind=Achievement.Kind.STAGE,
        achievement__stage=services.PROFICIENT_STAGE,
    )
    if held.exists():
        return  # the cheap answer for most assessments after the first badge
    # The rule counts assessments made before its moment, this one included.
    at = max(timezone.now(), assessment.assessed_at + timedelta(microseconds=1))
    since = rules.proficient_since(employee, at=at)
    if since is not None:
        services.badge_award(
            employee=employee,
            stage=services.PROFICIENT_STAGE,
            awarded_at=since,
            actor=actor,
        )


def on_badge_issued(*, badge, **extra) -> None:
    badge_sign_task.enqueue(badge.pk)


def connect() -> None:
    enrollment_completed.subscribe(on_enrollment_completed)
    assessment_recorded.subscribe(on_assessment_recorded)
    badge_issued.subscribe(on_badge_issued, after_commit=True)
