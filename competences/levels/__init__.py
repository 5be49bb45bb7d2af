"""The current-level rule of DESIGN §3 and the ladder: one definition, used by
course completion, the pages and the figures alike.

- ``employee_levels(employee=, as_of=)``: one employee against their profile.
- ``current_levels(employee=, at=)``: competence id -> (level, when) at a moment.
- ``below_target(employees=, competence=)``: who is under target in one.
- ``below_any_target()``: an Employee filter, under target now in any.
- ``team_levels(employees=, at=)``: per person of a list, every competence.
- ``rule``: the SQL of the rule (``with_levels``, ``pairs_cte``, ``cells_cte``,
  ``stage_join``) for set-based figures over many employees.
"""

from competences.levels.dates import day_end, day_start, instant
from competences.levels.person import (
    CompetenceRow,
    EmployeeLevels,
    TeamMember,
    as_datetime,
    below_any_target,
    below_target,
    current_levels,
    employee_levels,
    team_levels,
)

__all__ = [
    "CompetenceRow",
    "EmployeeLevels",
    "TeamMember",
    "as_datetime",
    "below_any_target",
    "below_target",
    "current_levels",
    "day_end",
    "day_start",
    "employee_levels",
    "instant",
    "team_levels",
]
