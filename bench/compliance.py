"""Compliance figures against department progress figures, same scope.

Run by hand on a generated data set (PostgreSQL), e.g.::

    export DATABASE_URL=postgres://postgres@127.0.0.1/kyndig_national
    .venv/bin/python manage.py generate_dataset --municipalities 98 --employees 500000
    .venv/bin/python bench/compliance.py --ensure

``--ensure`` first gives every municipality without one two requirements (a
yearly course requirement for everyone, a level requirement for one job
role, due 90 days after joining) and a roll-out campaign, through the
obligations services. Then, for the whole country and for the largest
municipality, it times (best of ``--repeat``), counts the SQL queries of
and traces the peak Python memory of:

- the requirement figures (every requirement of the scope, as
  ``GET /api/v1/progress/requirements/`` answers them),
- one campaign's figures (``GET /api/v1/progress/campaigns/<id>/``),
- the department progress figures (``GET /api/v1/progress/departments/``),
  the goal to match.

It is not a test; it prints one line per measurement. ``--scope largest``
measures only the largest municipality; ``--no-trace`` only times (the query
count and the memory trace each run the figures once more, which is long at
national scale). It also runs on the
demo (SQLite) to check that it works: ``manage.py seed_demo`` first.
"""

import argparse
import os
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from competences.models import Competence  # noqa: E402
from courses.models import Course  # noqa: E402
from employees.access import Access  # noqa: E402
from employees.models import Department, Employee, JobRole  # noqa: E402
from obligations import services  # noqa: E402
from obligations.models import Campaign, Requirement  # noqa: E402
from obligations.views.api import campaign_progress, requirement_progress  # noqa: E402
from reports.figures import department_figures  # noqa: E402


def superuser():
    users = get_user_model().objects
    user = users.filter(is_superuser=True).first()
    return user or users.create_superuser("bench-compliance", password=None)


def ensure(actor) -> int:
    """Two requirements and a campaign in each municipality that has none."""
    today = timezone.localdate()
    course = Course.objects.published().order_by("id").first()
    competence = Competence.objects.filter(code="1.3").order_by("framework_id").first()
    made = 0
    for municipality in Department.objects.roots().exclude(
        pk__in=Requirement.objects.values("municipality_id")
    ):
        role = JobRole.objects.filter(municipality=municipality).order_by("id").first()
        services.requirement_create(
            actor=actor,
            name="Informationssikkerhed – hvert år",
            kind="course",
            courses=[course],
            departments=[municipality],
            due_on=today + timedelta(days=20),
            recurrence_months=12,
            effective_from=today - timedelta(days=365),
        )
        if role is not None:
            services.requirement_create(
                actor=actor,
                name="Omsorgssystemet: niveau 3 i 1.3",
                kind="level",
                competence=competence,
                min_level=3,
                job_roles=[role],
                due_days=90,
                effective_from=today - timedelta(days=60),
            )
        services.campaign_create(
            actor=actor,
            name="Nyt omsorgssystem",
            purpose="Alle prøver det nye system.",
            practice_task="Dokumentér et besøg i det nye system.",
            departments=[municipality],
            starts_on=today - timedelta(days=14),
            ends_on=today + timedelta(days=60),
        )
        made += 1
    return made


def measure(label: str, work, repeat: int, trace: bool = True) -> None:
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    if not trace:
        print(f"{label:<48} {best:8.2f} s  {result} rows", flush=True)
        return
    with CaptureQueriesContext(connection) as queries:
        work()
    tracemalloc.start()
    result = work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<48} {best:8.2f} s  {len(queries):5d} queries  "
        f"{peak / 2**20:8.1f} MiB peak  {result} rows",
        flush=True,
    )


def run(scope_label: str, access, department, repeat: int, trace: bool) -> None:
    def requirements():
        return len(requirement_progress(access, department=department)["results"])

    def progress():
        return len(department_figures(user=access.user, department=department))

    campaign = Campaign.objects.filter(
        municipality_id=department if department else Department.objects.roots()[0].pk
    ).first()

    def campaign_figures():
        if campaign is None:
            return 0
        body = campaign_progress(access, campaign.pk, department=department)
        return len(body["results"])

    measure(f"{scope_label}: requirement figures", requirements, repeat, trace)
    measure(f"{scope_label}: one campaign's figures", campaign_figures, repeat, trace)
    measure(f"{scope_label}: department progress (goal)", progress, repeat, trace)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ensure", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--scope", choices=["both", "country", "largest"], default="both"
    )
    parser.add_argument(
        "--no-trace",
        action="store_true",
        help="time only (the query count and memory trace run the figures twice more)",
    )
    args = parser.parse_args()
    trace = not args.no_trace
    actor = superuser()
    if args.ensure:
        print(f"requirements added to {ensure(actor)} municipalities")
    access = Access(actor)
    print(f"database: {connection.vendor}, {Requirement.objects.count()} requirements")
    if args.scope in ("both", "country"):
        run("whole country", access, None, args.repeat, trace)
    if args.scope == "country":
        return
    largest = (
        Employee.objects.values("municipality_id")
        .annotate(people=Count("id"))
        .order_by("-people")
        .first()
    )
    municipality = Department.objects.get(pk=largest["municipality_id"])
    label = f"largest municipality ({municipality.code}, {largest['people']} people)"
    run(label, access, municipality.pk, args.repeat, trace)


if __name__ == "__main__":
    main()
