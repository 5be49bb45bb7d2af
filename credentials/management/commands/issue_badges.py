"""Award the badges earned before badges existed, and sign any left unsigned.

Safe to run again: an employee never gets a badge twice, and a signed badge is
never signed again. Run it once after installing badges (and after upgrading
to stored status lists); running it daily also signs badges whose background
signing failed and publishes any status list not yet published.
"""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from competences.ladder import proficient_codes
from competences.levels import team_levels
from courses.models import Enrollment, EnrollmentStatus
from credentials import rules, services
from credentials.models import Achievement, Badge, StatusList
from credentials.status import status_list_publish
from employees.models import Employee

PROGRESS_EVERY = 500
CHUNK = 500


def _chunks(values, size: int):
    chunk = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
        held = Badge.objects.filter(
            employee=OuterRef("pk"),
            achievement__kind=Achievement.Kind.STAGE,
            achievement__stage=services.PROFICIENT_STAGE,
        )
        without = Employee.objects.exclude(Exists(held)).order_by("pk")
        proficient = proficient_codes()
        ids = without.values_list("pk", flat=True)
        # The stages come from competences' rule, a chunk of people at a time
        # (two queries each); only those at the stage are looked at closer.
        for chunk in _chunks(ids.iterator(chunk_size=CHUNK), CHUNK):
            stages = team_levels(employees=Employee.objects.filter(pk__in=chunk))
            reached = [
                pk for pk in chunk if pk in stages and stages[pk].stage in proficient
            ]
            people = Employee.objects.filter(pk__in=reached).select_related(
                "municipality"
            )
            for employee in people.order_by("pk"):
                since = rules.proficient_since(employee)
                yield since and services.badge_award(
                    employee=employee,
                    stage=services.PROFICIENT_STAGE,
                    awarded_at=since,
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
