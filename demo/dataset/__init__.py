"""A realistic synthetic data set for benchmarks: ``manage.py generate_dataset``.

Everything is invented and seeded, so the same arguments build the same data.
Rows go in set-based (COPY on PostgreSQL, chunked executemany on SQLite), one
municipality at a time, so memory stays bounded at national scale.
"""

import random
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from competences.levels import current
from competences.models import Assessment, Competence, RoleCompetence
from competences.services import digcomp_ensure
from courses.models import (
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    PracticeTaskSubmission,
    Provider,
)
from employees.models import AccessGrant, Department, Employee, JobRole

from .catalogue import MEAN_CAPACITY, build_catalogue
from .organisation import (
    build_departments,
    build_roles,
    municipality_sizes,
    role_profiles,
)
from .people import People
from .writer import BulkWriter

MODELS = [
    Department,
    JobRole,
    RoleCompetence,
    Employee,
    Assessment,
    Provider,
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    PracticeTaskSubmission,
]
# Benchmark users: HR over the largest municipality, and over every one.
HR_USER, NATIONAL_USER = "dataset-hr", "dataset-national"


class DatasetExists(Exception):
    pass


def dataset_generate(
    *,
    municipalities: int,
    employees: int,
    seed: int,
    report: Callable[[str], None] = print,
) -> dict:
    if Provider.objects.filter(code="dataset-01").exists():
        raise DatasetExists
    rng = random.Random(seed)
    writer = BulkWriter()
    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        competence_ids = _framework()
        sizes = municipality_sizes(rng, municipalities, employees)
        munis = build_departments(rng, writer, sizes)
        report(f"departments: {writer.counts[Department._meta.db_table]}")
        roles = build_roles(writer, munis, role_profiles(rng, competence_ids))
        sessions = build_catalogue(
            rng,
            writer,
            competence_ids,
            now,
            max(50, int(employees * 0.6 / MEAN_CAPACITY)),
        )
        report(f"courses and sessions: {len(sessions)} sessions")
        people = People(rng, writer, now, roles, competence_ids, sessions)
        for done, municipality in enumerate(munis, start=1):
            people.build(municipality)
            report(_progress(done, len(munis), writer, started))
        writer.reset_sequences(MODELS)
        # Written by COPY, past the services: the current levels from scratch.
        current.rebuild()
        _users(munis)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses row counts of empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return dict(writer.counts, seconds=round(time.monotonic() - started, 1))


def _framework() -> list[int]:
    digcomp_ensure()
    return list(
        Competence.objects.filter(framework__code="digcomp")
        .order_by("code")
        .values_list("pk", flat=True)
    )


def _progress(done: int, total: int, writer: BulkWriter, started: float) -> str:
    width = 30
    filled = width * done // total
    return (
        f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} municipalities, "
        f"{writer.counts.get(Employee._meta.db_table, 0)} employees, "
        f"{writer.counts.get(Assessment._meta.db_table, 0)} assessments, "
        f"{writer.counts.get(Enrollment._meta.db_table, 0)} enrollments, "
        f"{time.monotonic() - started:.0f}s"
    )


def _users(munis) -> None:
    users = get_user_model().objects
    largest = max(munis, key=lambda m: m.employees)
    for username, targets in ((HR_USER, [largest]), (NATIONAL_USER, munis)):
        user, _created = users.get_or_create(username=username)
        user.set_unusable_password()
        user.save()
        AccessGrant.objects.bulk_create(
            [
                AccessGrant(user=user, department_id=m.root_id, kind="hr")
                for m in targets
            ],
            ignore_conflicts=True,
        )
