"""One employee's competences against their profile (DESIGN §3)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from competences.models import Assessment, Competence
from employees.models import RoleCompetence

from . import sql
from .ladder import stage_for_level
from .period import instant


@dataclass
class CompetenceRow:
    competence: Competence
    target_level: int | None
    current_level: int
    self_level: int | None
    last_assessed_at: datetime | None
    gap: int | None


@dataclass
class EmployeeCompetences:
    employee: object
    as_of: datetime
    rows: list[CompetenceRow] = field(default_factory=list)
    overall_level: int = 0
    stage: str = "not_assessed"
    target_met: bool = False
    has_profile: bool = False


def employee_competences(
    *, employee, as_of: date | datetime | None = None
) -> EmployeeCompetences:
    """Current against target per profile competence, as of ``as_of`` (now).

    Without a role or with an empty profile, the rows are the competences with
    a validated level, without targets, and no target counts as met.
    """
    end = instant(as_of)
    emp = sql.employees_cte(employee_ids=[employee.pk])
    current = _current_levels(emp, end)
    overall, met = _overall(emp, end)
    profile = list(
        RoleCompetence.objects.filter(role_id=employee.job_role_id)
        .select_related("competence")
        .order_by("competence__code")
    )
    self_levels = _self_levels(employee, end)
    if profile:
        rows = [
            _row(item.competence, item.target_level, current, self_levels)
            for item in profile
        ]
    else:
        ids = [pk for pk, (level, _at) in current.items() if level > 0]
        rows = [
            _row(competence, None, current, self_levels)
            for competence in Competence.objects.filter(pk__in=ids).order_by("code")
        ]
    return EmployeeCompetences(
        employee=employee,
        as_of=end,
        rows=rows,
        overall_level=overall,
        stage=stage_for_level(overall),
        target_met=bool(met),
        has_profile=bool(profile),
    )


def _row(competence, target, current, self_levels) -> CompetenceRow:
    level, assessed_at = current.get(competence.pk, (0, None))
    return CompetenceRow(
        competence=competence,
        target_level=target,
        current_level=level,
        self_level=self_levels.get(competence.pk),
        last_assessed_at=assessed_at,
        gap=max(target - level, 0) if target is not None else None,
    )


def _current_levels(emp: sql.Sql, end) -> dict[int, tuple[int, datetime]]:
    query = (
        sql.Sql("WITH ")
        + emp
        + sql.current_cte("cur", end)
        + sql.Sql(" SELECT competence_id, level, assessed_at FROM cur")
    )
    with connection.cursor() as cursor:
        cursor.execute(query.text, query.params)
        return {
            pk: (int(level), as_datetime(at)) for pk, level, at in cursor.fetchall()
        }


def _overall(emp: sql.Sql, end) -> tuple[int, int]:
    query = sql.employee_levels(emp, end) + sql.Sql(" SELECT overall, met FROM per_emp")
    with connection.cursor() as cursor:
        cursor.execute(query.text, query.params)
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _self_levels(employee, end) -> dict[int, int]:
    levels: dict[int, int] = {}
    history = (
        Assessment.objects.filter(
            employee=employee, source=Assessment.Source.SELF, assessed_at__lt=end
        )
        .order_by("-assessed_at", "-id")
        .values_list("competence_id", "level")
    )
    for competence_id, level in history:
        levels.setdefault(competence_id, level)
    return levels


def as_datetime(value) -> datetime | None:
    """A datetime from raw SQL (SQLite answers naive UTC text)."""
    if value is None or isinstance(value, datetime):
        if value is not None and timezone.is_naive(value):
            return value.replace(tzinfo=UTC)
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
