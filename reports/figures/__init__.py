"""Progress figures: DESIGN §3's department figures for pages, API and Excel.

The level rule and the ladder they count with are ``competences.levels`` and
``competences.ladder``; this package aggregates and rolls up.

- ``department_figures(user=, department=, date_from=, date_to=, role=)``: the
  rows of ``GET /api/v1/progress/departments/``.
- ``competence_matrix(user=, department=, as_of=, role=)``: department ×
  competence mean level and share at target.
- ``department_report(...)``: both of the above from one pass (Excel).
- ``employees_moved_up(user=, department=, date_from=, date_to=)``: who moved up.
"""

from .departments import (
    competence_matrix,
    department_figures,
    department_report,
    employees_moved_up,
)
from .period import Period, period_for
from .scope import scope_departments

__all__ = [
    "Period",
    "competence_matrix",
    "department_figures",
    "department_report",
    "employees_moved_up",
    "period_for",
    "scope_departments",
]
