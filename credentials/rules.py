"""When a badge is earned. The level rule itself is competences.levels'; this
module only asks it."""

from datetime import datetime

from competences.ladder import proficient_codes
from competences.levels import employee_levels
from courses.models import EnrollmentStatus, PracticeTaskSubmission


def course_badge_earned(enrollment) -> bool:
    """Completed, with the practice task verified by the manager (or none)."""
    if enrollment.status != EnrollmentStatus.COMPLETED:
        return False
    if not enrollment.course.has_practice_task:
        return True
    return enrollment.practice_tasks.filter(
        status=PracticeTaskSubmission.Review.APPROVED
    ).exists()


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
