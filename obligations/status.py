"""Each person's status per requirement as of a date (DESIGN §9).

``met``      satisfied at the date (``lapses_on``: when it stops counting)
``exempt``   HR exempted the person on or before the date
``overdue``  not met and the due date has passed
``due``      not met and due within ``DUE_SOON_DAYS``
``not_due``  not met, due later

A course requirement is satisfied by a completion of one of its courses or
an equivalent of one; a level requirement by the §3 current level
(``competences.levels.rule``: the same SQL the figures use, never a copy).
A recurring requirement's satisfaction lapses ``recurrence_months`` after it
was earned; from then the person is due again (at the later of the original
due date and the lapse).
"""

import calendar
import functools
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, DateField, F, Max, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competences.levels import day_end
from competences.levels import rule as level_rule
from competences.levels.person import as_datetime
from competences.levels.sql import Sql, fetch_plain
from courses.models import Course, Enrollment, EnrollmentStatus
from employees.models import Employee
from obligations import audience as audience_of
from obligations.models import Exemption, Requirement

DUE_SOON_DAYS = 30
STATUSES = ("met", "not_due", "due", "overdue", "exempt")
STATUS_LABELS = {
    "met": _("Met"),
    "not_due": _("Not due"),
    "due": _("Due"),
    "overdue": _("Overdue"),
    "exempt": _("Exempt"),
}


@dataclass(frozen=True)
class PersonStatus:
    employee: int
    name: str
    department: int
    is_manager: bool
    status: str
    due_on: date | None
    lapses_on: date | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def satisfying_courses(requirement: Requirement) -> set[int]:
    """The requirement's courses and every course equivalent to one of them."""
    named = {course.pk for course in requirement.courses.all()}
    return named | set(
        Course.equivalents.through.objects.filter(from_course_id__in=named).values_list(
            "to_course_id", flat=True
        )
    )


def statuses(
    requirement: Requirement, *, at: date, within: QuerySet | None = None
) -> list[PersonStatus]:
    """One row per person in the audience (and in ``within``), by name."""
    people = audience_of.members(requirement, at=at, within=within)
    earned, exempt = _facts(requirement, people.values("id"), at)
    joined = _joining(requirement)
    rows = people.order_by("name", "id").values_list(
        "id", "name", "department_id", "is_manager", *JOINING
    )
    return [
        PersonStatus(
            pk,
            name,
            department,
            is_manager,
            *_decide(requirement, at, joined(dates), _on(earned.get(pk)), pk in exempt),
        )
        for pk, name, department, is_manager, *dates in rows
    ]


def status_counts(
    requirement: Requirement, *, at: date, within: QuerySet | None = None
) -> dict[int, Counter]:
    """Per department, how many people of the audience (in ``within``) hold
    each status: what the figures need of ``statuses``, without names or
    objects (a national scope asks this of half a million people).

    The people are counted in SQL by department and the dates they joined
    by, each group decided once as if nobody had earned the requirement or
    been exempted; then those who have are moved to their own status one by
    one.
    """
    people = audience_of.members(requirement, at=at, within=within)
    earned, exempt = _facts(requirement, people.values("id"), at)
    joined = _joining(requirement)

    @functools.lru_cache(maxsize=65536)
    def decide(dates, earned_on=None, exempt=False) -> str:
        return _decide(requirement, at, joined(dates), earned_on, exempt)[0]

    counts: dict[int, Counter] = {}
    floor = {name: _floored(requirement, name) for name in JOINING}
    groups = (
        people.order_by()
        .annotate(**{f"{name}_floored": floor[name] for name in JOINING})
        .values_list("department_id", *(f"{name}_floored" for name in JOINING))
        .annotate(people=Count("id"))
    )
    for department, *dates, number in groups:
        counts.setdefault(department, Counter())[decide(tuple(dates))] += number
    moved = {pk: (e.department, e.dates) for pk, e in earned.items()} | exempt
    for pk, (department, raw) in moved.items():
        dates = _floor_dates(requirement, raw)
        group = counts.setdefault(department, Counter())
        # The facts and the groups are two reads: a person moved or hired in
        # between is not in the group the facts name, so nothing to take back.
        if group[decide(dates)] > 0:
            group[decide(dates)] -= 1
            group[decide(dates, _on(earned.get(pk)), pk in exempt)] += 1
    return counts


# The dates that say when a person joined an audience (see ``_joining``).
JOINING = ("employment_start", "department_since", "job_role_since")


# Groups of people: dates before the requirement counts from all mean the same
# to it (``_due`` takes the later of the joining date and ``effective_from``),
# and with a fixed due date none matters. Raised to that floor, most people of
# a department share one group instead of one each; ``_floored`` (SQL) and
# ``_floor_dates`` (Python) raise a date the same way.
def _floored(requirement: Requirement, name: str):
    floor = Value(requirement.effective_from, output_field=DateField())
    if requirement.due_on is not None:
        return floor
    return Greatest(Coalesce(F(name), floor), floor, output_field=DateField())


def _floor_dates(requirement: Requirement, dates: tuple) -> tuple:
    floor = requirement.effective_from
    if requirement.due_on is not None:
        return tuple(floor for _day in dates)
    return tuple(floor if day is None or day < floor else day for day in dates)


def _joining(requirement: Requirement):
    """When a person joined the requirement's audience, from their JOINING
    dates: the later of their employment start and, for an audience of
    departments, the day they came to their department, for one of job
    roles, the day they took their role. A move between two departments of
    the audience counts as joining anew."""
    by_department = bool(requirement.departments.all())
    by_role = bool(requirement.job_roles.all())

    def joined(dates) -> date | None:
        started, department_since, job_role_since = dates
        days = [started]
        if by_department:
            days.append(department_since)
        if by_role:
            days.append(job_role_since)
        known = [day for day in days if day is not None]
        return max(known) if known else None

    return joined


def _facts(requirement: Requirement, ids, at: date) -> tuple[dict, dict]:
    """Who of ``ids`` earned the requirement by ``at`` (id: ``Earned``), and
    who is exempt (id: their department and JOINING dates)."""
    granted = Exemption.objects.filter(
        requirement=requirement, granted_at__lt=day_end(at)
    )
    exempt = {}
    # Most requirements exempt nobody: asking that first (one index lookup)
    # spares matching the whole audience against no rows.
    if granted.exists():
        facts = [f"employee__{name}" for name in ("department_id", *JOINING)]
        rows = granted.filter(employee_id__in=ids).values_list("employee_id", *facts)
        exempt = {pk: (department, tuple(dates)) for pk, department, *dates in rows}
    return _earned(requirement, ids, at), exempt


def _decide(requirement, at, joined, earned_on, exempt) -> tuple:
    """(status, due_on, lapses_on) of one person: the rule of this module."""
    lapses_on = _lapse(requirement, earned_on) if earned_on else None
    if exempt:
        return "exempt", None, lapses_on
    if earned_on and (lapses_on is None or at < lapses_on):
        return "met", None, lapses_on
    due_on = _due(requirement, joined)
    if lapses_on is not None:
        due_on = max(due_on, lapses_on)
    if at > due_on:
        status = "overdue"
    elif (due_on - at).days <= DUE_SOON_DAYS:
        status = "due"
    else:
        status = "not_due"
    return status, due_on, None


def _due(requirement: Requirement, joined: date | None) -> date:
    if requirement.due_on is not None:
        return requirement.due_on
    joined = max(joined or requirement.effective_from, requirement.effective_from)
    return joined + timedelta(days=requirement.due_days or 0)


def _lapse(requirement: Requirement, earned_on: date) -> date | None:
    lapses = None
    if requirement.recurrence_months:
        lapses = add_months(earned_on, requirement.recurrence_months)
    if requirement.kind == Requirement.Kind.LEVEL:
        # The level itself stops counting when its assessment grows too old.
        valid_until = earned_on + timedelta(days=settings.COMPETENCE_VALIDITY_DAYS)
        lapses = min(lapses, valid_until) if lapses else valid_until
    return lapses


class Earned(NamedTuple):
    """A person's department and JOINING dates, and when they earned it last."""

    department: int
    dates: tuple
    on: date


def _on(earned: Earned | None) -> date | None:
    return earned.on if earned else None


def _earned(requirement: Requirement, ids, at: date) -> dict[int, Earned]:
    """Employee id -> when their newest satisfaction was earned, by ``at``."""
    if requirement.kind == Requirement.Kind.COURSE:
        return _completed(satisfying_courses(requirement), ids, at)
    return _levels(requirement, ids, at)


def _completed(courses: set[int], ids, at: date) -> dict[int, Earned]:
    facts = [f"employee__{name}" for name in ("department_id", *JOINING)]
    newest = (
        Enrollment.objects.filter(
            employee_id__in=ids,
            course_id__in=courses,
            status=EnrollmentStatus.COMPLETED,
            completed_at__lt=day_end(at),
        )
        .values("employee_id", *facts)
        .annotate(last=Max("completed_at"))
        .values_list("employee_id", *facts, "last")
    )
    return {
        pk: Earned(department, tuple(dates), timezone.localdate(last))
        for pk, department, *dates, last in newest
    }


def _levels(requirement: Requirement, ids, at: date) -> dict[int, Earned]:
    query = (
        Sql("WITH ")
        + level_rule.employees_cte(Employee.objects.filter(pk__in=ids))
        + level_rule.levels_cte(day_end(at))
        + Sql(
            f" SELECT lv.employee_id, lv.department_id, e.employment_start, "  # noqa: S608
            f"e.department_since, e.job_role_since, "
            f"lv.assessed_at FROM lv JOIN {Employee._meta.db_table} e "
            f"ON e.id = lv.employee_id WHERE lv.competence_id = "
            f"%(competence)s AND lv.level_at_end >= %(min_level)s",
            {
                "competence": requirement.competence_id,
                "min_level": requirement.min_level,
            },
        )
    )
    return {
        pk: Earned(
            department,
            tuple(_date(day) for day in dates),
            timezone.localdate(as_datetime(assessed)),
        )
        for pk, department, *dates, assessed in fetch_plain(query)
    }


def _date(value) -> date | None:
    """A date from raw SQL (SQLite answers text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def person_status(requirement: Requirement, employee, *, at: date):
    """The one person's row, or None when they are not in the audience."""
    rows = statuses(requirement, at=at, within=Employee.objects.filter(pk=employee.pk))
    return rows[0] if rows else None


def overdue_for_course(employee_ids: list[int], course_id: int) -> set[int]:
    """Those of ``employee_ids`` overdue on a requirement the course meets
    (the need order of a waitlist asks this, ``courses.waitlist``)."""
    people = Employee.objects.filter(pk__in=employee_ids)
    municipalities = people.values("municipality_id")
    today = timezone.localdate()
    found: set[int] = set()
    requirements = Requirement.objects.filter(
        kind=Requirement.Kind.COURSE, municipality_id__in=municipalities
    ).prefetch_related("courses", "departments", "job_roles")
    for requirement in requirements:
        if course_id not in satisfying_courses(requirement):
            continue
        rows = statuses(requirement, at=today, within=people)
        found |= {row.employee for row in rows if row.status == "overdue"}
    return found
