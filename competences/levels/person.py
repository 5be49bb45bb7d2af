"""The level rule for one person, or a few: what pages, completion and bulk
enrollment ask."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from competences.ladder import stage_for_level
from competences.levels import rule
from competences.levels.dates import instant, validity_start
from competences.levels.sql import Sql, fetch_plain
from competences.models import Assessment, Competence, CurrentLevel, RoleCompetence


@dataclass
class CompetenceRow:
    competence: Competence
    target_level: int | None
    current_level: int
    self_level: int | None
    last_assessed_at: datetime | None
    gap: int | None


@dataclass
class EmployeeLevels:
    """One employee against their role's profile at ``as_of``."""

    employee: object
    as_of: datetime
    rows: list[CompetenceRow] = field(default_factory=list)
    overall_level: int = 0
    stage: str = "not_assessed"
    target_met: bool = False
    has_profile: bool = False

    def gaps(self) -> dict[int, tuple[int, int]]:
        """Competence id -> (current, target) where the target is not reached."""
        return {
            row.competence.pk: (row.current_level, row.target_level)
            for row in self.rows
            if (row.gap or 0) > 0
        }


def _one(employee):
    # The queryset class is the employee's own; no import of employees needed.
    return type(employee).objects.filter(pk=employee.pk)


def current_levels(*, employee, at: datetime) -> dict[int, tuple[int, datetime]]:
    """Competence id -> (current level, when assessed) at ``at``; only
    competences with a validated level in the window."""
    query = (
        Sql("WITH ")
        + rule.employees_cte(_one(employee))
        + rule.levels_cte(at)
        + Sql(
            " SELECT competence_id, level_at_end, assessed_at FROM lv "
            "WHERE level_at_end IS NOT NULL"
        )
    )
    return {
        pk: (int(level), as_datetime(assessed_at))
        for pk, level, assessed_at in fetch_plain(query)
    }


def employee_levels(*, employee, as_of: date | datetime | None = None):
    """Current against target per profile competence, as of ``as_of`` (now).

    Without a role or with an empty profile, the rows are the competences with
    a validated level above 0, without targets, and no target counts as met.
    """
    end = instant(as_of)
    current = current_levels(employee=employee, at=end)
    overall, met = _overall(employee, end)
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
    return EmployeeLevels(
        employee=employee,
        as_of=end,
        rows=rows,
        overall_level=overall,
        stage=stage_for_level(overall),
        target_met=bool(met),
        has_profile=bool(profile),
    )


def below_target(*, employees, competence, at: datetime | None = None) -> set[int]:
    """Ids of ``employees`` (a queryset) whose current level in ``competence`` is
    under their role's target for it."""
    query = (
        Sql("WITH ")
        + rule.employees_cte(employees)
        + rule.levels_cte(instant(at))
        + rule.pairs_cte()
        + Sql(
            " SELECT employee_id FROM pairs WHERE competence_id = %(competence)s "
            "AND target IS NOT NULL AND COALESCE(level, 0) < target",
            {"competence": competence.pk},
        )
    )
    return {row[0] for row in fetch_plain(query)}


@dataclass
class TeamMember:
    """One person of a team: overall level, stage and (level, target) per
    competence of their profile or with a validated level."""

    overall_level: int = 0
    stage: str = "not_assessed"
    target_met: bool = False
    cells: dict[int, tuple[int, int | None]] = field(default_factory=dict)


def team_levels(*, employees, at: datetime | None = None) -> dict[int, TeamMember]:
    """Employee id -> TeamMember for ``employees`` (a queryset, e.g. one page
    of a list): two queries, however many people and competences."""
    end = instant(at)
    members: dict[int, TeamMember] = {}
    overall = rule.with_levels(employees, end) + Sql(
        " SELECT employee_id, overall, met FROM per_emp"
    )
    for pk, level, met in fetch_plain(overall):
        members[pk] = TeamMember(int(level), stage_for_level(int(level)), bool(met))
    pairs = (
        Sql("WITH ")
        + rule.employees_cte(employees)
        + rule.levels_cte(end)
        + rule.pairs_cte()
        + Sql(" SELECT employee_id, competence_id, level, target FROM pairs")
    )
    for pk, competence_id, level, target in fetch_plain(pairs):
        member = members.setdefault(pk, TeamMember())
        member.cells[competence_id] = (int(level or 0), target)
    return members


def below_any_target():
    """A filter for Employee querysets: under the role's target now in any
    profile competence (a level missing or lapsed counts as 0).

    One correlated subquery over the maintained current levels, so it stays
    part of the caller's query however many people it is applied to.
    """
    valid_level = CurrentLevel.objects.filter(
        employee=OuterRef(OuterRef("pk")),
        competence=OuterRef("competence"),
        assessed_at__gte=validity_start(timezone.now()),
    ).values("level")[:1]
    short = (
        RoleCompetence.objects.filter(role=OuterRef("job_role"))
        .annotate(level_now=Coalesce(Subquery(valid_level), 0))
        .filter(level_now__lt=F("target_level"))
    )
    return Exists(short)


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


def _overall(employee, end) -> tuple[int, int]:
    query = rule.with_levels(_one(employee), end) + Sql(
        " SELECT overall, met FROM per_emp"
    )
    rows = fetch_plain(query)
    return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)


def _self_levels(employee, end) -> dict[int, int]:
    """The newest self-assessment per competence: shown, never counted."""
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
