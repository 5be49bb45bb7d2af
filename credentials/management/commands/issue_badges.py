"""Award the badges earned before badges existed, and sign any left unsigned.

Safe to run again: an employee never gets a badge twice, and a signed badge is
never signed again. Run it once after installing badges (and after upgrading
to stored status lists); running it daily also signs badges whose background
signing failed and publishes any status list not yet published.
"""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.utils import timezone

from competences.ladder import ladder, proficient_codes
from competences.levels.dates import validity_start
from competences.models import Assessment
from courses.models import Enrollment, EnrollmentStatus
from credentials import rules, services
from credentials.models import Achievement, Badge, StatusList
from credentials.status import status_list_publish
from employees.models import Employee

PROGRESS_EVERY = 500


class Command(BaseCommand):
    help = "Award badges for achievements reached before badges existed (idempotent)."

    def handle(self, *args, **options):
        self._awarded("course", self._courses())
        self._awarded("stage", self._stages())
        self._sign()

    def _progress(self, label: str, done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            self.stdout.write(f"  {label}: {done} checked")

    def _awarded(self, label: str, outcomes) -> None:
        checked = awarded = 0
        for outcome in outcomes:
            checked += 1
            awarded += outcome is not None
            self._progress(label, checked)
        self.stdout.write(f"{label} badges: {awarded} awarded, {checked} checked.")

    def _courses(self):
        held = Badge.objects.filter(
            employee=OuterRef("employee"), achievement__course=OuterRef("course")
        )
        completed = (
            Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
            .exclude(Exists(held))
            .select_related("course", "employee__municipality")
            .order_by("completed_at", "id")
        )
        for enrollment in completed.iterator(chunk_size=500):
            if not rules.course_badge_earned(enrollment):
                yield None
                continue
            yield services.badge_award(
                employee=enrollment.employee,
                course=enrollment.course,
                enrollment=enrollment,
                awarded_at=enrollment.completed_at,
            )

    def _stages(self):
        floor = min(
            stage.min_level for stage in ladder() if stage.code in proficient_codes()
        )
        held = Badge.objects.filter(
            employee=OuterRef("pk"),
            achievement__kind=Achievement.Kind.STAGE,
            achievement__stage=services.PROFICIENT_STAGE,
        )
        # Only someone with a current level at the stage's floor can have a
        # mean that reaches it; the rule itself decides for each of them.
        strong = Assessment.objects.validating().filter(
            employee=OuterRef("pk"),
            level__gte=floor,
            assessed_at__gte=validity_start(timezone.now()),
        )
        candidates = (
            Employee.objects.filter(Exists(strong))
            .exclude(Exists(held))
            .select_related("municipality")
            .order_by("pk")
        )
        for employee in candidates.iterator(chunk_size=500):
            since = rules.proficient_since(employee)
            yield since and services.badge_award(
                employee=employee, stage=services.PROFICIENT_STAGE, awarded_at=since
            )

    def _sign(self) -> None:
        unsigned = Badge.objects.filter(jwt="").order_by("pk")
        signed = 0
        for badge in unsigned.iterator(chunk_size=200):
            services.badge_sign(badge=badge)
            signed += 1
            self._progress("signing", signed)
        self.stdout.write(f"Signed {signed} badge(s).")
        published = 0
        for status_list in StatusList.objects.filter(jwt="").order_by("pk"):
            status_list_publish(status_list=status_list)
            published += 1
        self.stdout.write(f"Published {published} status list(s).")
