"""When a badge is earned. The level rule itself is competences.levels' and
the practice-task rule courses' (``Enrollment.practice_task_verified``); this
module only asks them."""

from datetime import datetime

from competences.ladder import proficient_codes
from competences.levels import employee_levels
from courses.models import EnrollmentStatus


def course_badge_earned(enrollment) -> bool:
    """Completed, with the practice task verified by the manager (or none)."""
    return (
        enrollment.status == EnrollmentStatus.COMPLETED
        and enrollment.practice_task_verified()
    )


def proficient_since(employee, *, at: datetime | None = None) -> datetime | None:
    """When the employee's stage (technology-proficient or above at ``at``)
    has held since, at the latest; None below technology-proficient.

    Levels change only when assessed or when an assessment lapses, and a
    lapse only lowers them: so a stage held now has held at least since the
    newest assessment behind the current levels.
    """
    levels = employee_levels(employee=employee, as_of=at)
    if levels.stage not in proficient_codes():
        return None
    dates = [row.last_assessed_at for row in levels.rows if row.last_assessed_at]
    return max(dates) if dates else levels.as_of
