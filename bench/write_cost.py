"""What the level rule's write paths cost: recording an assessment and
completing a course, each in its own transaction, commit and what runs after
it included. It writes: use a data set of your own, one per code version.

Run by hand on a generated data set (PostgreSQL), once per code version to
compare, e.g.::

    export DATABASE_URL=postgres://postgres@127.0.0.1/kyndig_writes
    .venv/bin/python manage.py generate_dataset --municipalities 1 --employees 40000
    .venv/bin/python bench/write_cost.py --repeat 300

For each kind it prints the median and 90th percentile of the service call
with its commit:

- ``record``: one manager assessment of one employee
  (``competences.services.assessment_record``);
- ``record_many``: five assessments at once (``assessments_record``, as a
  completion records them);
- ``complete``: an attended enrollment of a course without a practice task
  completed (``enrollment_complete``), outcomes recorded.

Kinds run interleaved so load on the machine hits each alike.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# As in production: DEBUG would keep every SQL query in memory.
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from competences.models import Assessment, Competence  # noqa: E402
from competences.services import assessment_record, assessments_record  # noqa: E402
from courses.models import Enrollment  # noqa: E402
from courses.services.enrollments import enrollment_complete  # noqa: E402
from employees.models import Employee  # noqa: E402


def timed(write) -> float:
    started = time.perf_counter()
    with transaction.atomic():
        write()
    return time.perf_counter() - started


def record(rng, employees, competences):
    employee = rng.choice(employees)
    return lambda: assessment_record(
        employee=employee,
        competence=rng.choice(competences),
        level=rng.randint(1, 8),
        source=Assessment.Source.MANAGER,
        # A lower level than the valid one needs a confirmation and a reason.
        confirm_lowering=True,
        note="Benchmark.",
    )


def record_many(rng, employees, competences):
    employee = rng.choice(employees)
    rows = [
        Assessment(
            employee=employee,
            competence=competence,
            level=rng.randint(1, 8),
            source=Assessment.Source.COURSE,
        )
        for competence in rng.sample(competences, 5)
    ]
    return lambda: assessments_record(assessments=rows)


def complete(rng, enrollments, _competences):
    # Each attended enrollment can be completed once.
    enrollment = enrollments.pop(rng.randrange(len(enrollments)))
    return lambda: enrollment_complete(enrollment=enrollment)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    employees = list(Employee.objects.filter(is_active=True).order_by("pk")[:5000])
    competences = list(Competence.objects.order_by("pk"))
    enrollments = list(
        Enrollment.objects.filter(
            status=Enrollment.Status.ATTENDED, course__practice_task=""
        ).select_related("course", "employee")[:2000]
    )
    if not employees or len(enrollments) < args.repeat:
        sys.exit(
            f"Needs {args.repeat} attended enrollments: generate a data set "
            "of your own first (manage.py generate_dataset)."
        )
    kinds = {
        "record": (record, employees),
        "record_many": (record_many, employees),
        "complete": (complete, enrollments),
    }
    seconds = {kind: [] for kind in kinds}
    for _ in range(args.repeat):
        for kind, (make, pool) in kinds.items():
            seconds[kind].append(timed(make(rng, pool, competences)))
    for kind, values in seconds.items():
        values.sort()
        p90 = values[int(len(values) * 0.9) - 1]
        print(
            f"{kind:12} median {statistics.median(values) * 1000:7.2f} ms  "
            f"p90 {p90 * 1000:7.2f} ms  ({len(values)} runs)"
        )


if __name__ == "__main__":
    main()
