"""The events of the courses app's services (see employees.events).

Each carries the changed object and ``actor`` (the user who acted, or None for
a partner key or the system).
"""

from employees.events import Event

enrollment_requested = Event(
    "enrollment_requested", "An employee asked for a seat (enrollment=, actor=)."
)
enrollment_approved = Event(
    "enrollment_approved",
    "A request was approved; enrollment.status says whether it got a seat or "
    "joined the waitlist (enrollment=, actor=).",
)
enrollment_rejected = Event(
    "enrollment_rejected",
    "A request was rejected (enrollment=, reason=, actor=).",
)
enrollment_enrolled = Event(
    "enrollment_enrolled", "HR placed someone in a seat (enrollment=, actor=)."
)
enrollment_waitlisted = Event(
    "enrollment_waitlisted",
    "HR placed someone on the waitlist of a full session (enrollment=, actor=).",
)
enrollment_promoted = Event(
    "enrollment_promoted",
    "A freed or added seat moved someone up from the waitlist (enrollment=).",
)
enrollment_withdrawn = Event(
    "enrollment_withdrawn", "A request or place was withdrawn (enrollment=, actor=)."
)
enrollment_attendance_recorded = Event(
    "enrollment_attendance_recorded",
    "Attendance was recorded: attended or no-show (enrollment=, actor=).",
)
enrollment_completed = Event(
    "enrollment_completed",
    "A course was completed; assessments= are the levels it raised "
    "(enrollment=, assessments=, actor=).",
)
session_changed = Event(
    "session_changed",
    "A session's time or place changed (session=, changed=[field names], actor=).",
)
session_cancelled = Event(
    "session_cancelled",
    "A session was cancelled, and every live enrollment on it "
    "(session=, enrollments=[cancelled ones], actor=).",
)
practice_task_submitted = Event(
    "practice_task_submitted", "Evidence was submitted (submission=, actor=)."
)
practice_task_approved = Event(
    "practice_task_approved", "Evidence was approved (submission=, actor=)."
)
practice_task_returned = Event(
    "practice_task_returned",
    "Evidence was returned with a note (submission=, actor=).",
)
