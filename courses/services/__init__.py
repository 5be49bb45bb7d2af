"""Writes of the courses app: the enrollment workflow of DESIGN §2.

Every function is keyword-only and transactional, and refuses an illegal
transition with ``ValidationError(message, code=...)`` having changed nothing.
Permissions are the caller's job (``employees.access.access_for``), except
for ``enrollment_create``'s placement rule.
"""

from courses.services.catalogue import (
    COURSE_FIELDS,
    SESSION_FIELDS,
    course_create,
    course_outcomes_set,
    course_update,
    course_upsert,
    session_change_check,
    session_create,
    session_update,
    session_upsert,
)
from courses.services.enrollments import (
    enrollment_approve,
    enrollment_complete,
    enrollment_create,
    enrollment_enroll,
    enrollment_record_attendance,
    enrollment_reject,
    enrollment_request,
    enrollment_withdraw,
)
from courses.services.practice_tasks import (
    evidence_submit,
    practice_task_approve,
    practice_task_return,
    practice_task_submit,
)
from courses.services.prerequisites import (
    course_prerequisites_set,
    missing_prerequisites,
)
from courses.services.sessions import (
    session_cancel,
    session_enroll_bulk,
    session_fill_waitlist,
)

__all__ = [
    "COURSE_FIELDS",
    "SESSION_FIELDS",
    "course_create",
    "course_outcomes_set",
    "course_prerequisites_set",
    "missing_prerequisites",
    "course_update",
    "course_upsert",
    "session_change_check",
    "session_create",
    "session_update",
    "session_upsert",
    "enrollment_approve",
    "enrollment_complete",
    "enrollment_create",
    "enrollment_enroll",
    "enrollment_record_attendance",
    "enrollment_reject",
    "enrollment_request",
    "enrollment_withdraw",
    "evidence_submit",
    "practice_task_approve",
    "practice_task_return",
    "practice_task_submit",
    "session_cancel",
    "session_enroll_bulk",
    "session_fill_waitlist",
]
