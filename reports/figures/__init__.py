"""Progress figures: the one definition of DESIGN §3 for pages, API and Excel.

- ``ladder()``, ``stage_for_level(level)``: the stages and the stage of a level.
- ``employee_competences(employee=, as_of=)``: one employee against the profile.
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
from .employee import CompetenceRow, EmployeeCompetences, employee_competences
from .ladder import ladder, proficient_codes, stage_codes, stage_for_level
from .period import Period, period_for
from .scope import scope_departments

__all__ = [
    "CompetenceRow",
    "EmployeeCompetences",
    "Period",
    "competence_matrix",
    "department_figures",
    "department_report",
    "employees_moved_up",
    "employee_competences",
    "ladder",
    "period_for",
    "proficient_codes",
    "scope_departments",
    "stage_codes",
    "stage_for_level",
]
