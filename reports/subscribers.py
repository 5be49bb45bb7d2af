"""What tells the figures cache (reports.figures.cache) that figures changed.

Figures count rows of the domain apps only (employees, levels, enrollments,
practice tasks), and every write of those goes through a service that emits
one of the domain apps' events. So each of those events touches the people it
names; an event whose payload names no one (or a new event nobody mapped
yet) touches everything. The rows the services never write one by one (the
department tree, job role profiles, the ladder, the frameworks) and deletions
(cascades emit no events) touch everything through model signals.
"""

from django.db import connection
from django.db.models.signals import post_delete, post_save

from competences import events as competence_events
from competences.levels import snapshot
from competences.levels.sql import Sql, execute
from competences.models import Competence, LadderStage, RoleCompetence
from courses import events as course_events
from courses.models import LIVE_STATUSES, Enrollment, PracticeTaskSubmission
from employees import events as employee_events
from employees.events import Event
from employees.models import Department, Employee, JobRole

from .figures import cache, sql

# Events that change nothing the figures count.
UNCOUNTED = {"session_changed"}

# Rows that change every figure when written or deleted.
STRUCTURE = (Department, JobRole, RoleCompetence, LadderStage, Competence)
# Rows written through evented services, whose deletion is not evented.
PEOPLE = (Employee, Enrollment, PracticeTaskSubmission)


def connect() -> None:
    for module in (employee_events, competence_events, course_events):
        for event in vars(module).values():
            if isinstance(event, Event) and event.name not in UNCOUNTED:
                event.subscribe(figures_changed)
    _keep_the_activity_exact()
    for model in STRUCTURE:
        post_save.connect(_everything, sender=model, dispatch_uid=f"figures-{model}")
    for model in STRUCTURE + PEOPLE:
        post_delete.connect(
            _everything, sender=model, dispatch_uid=f"figures-del-{model}"
        )


def figures_changed(*, event, **payload) -> None:
    """Inside the writer's transaction: note whom it touched (no query)."""
    employees = employees_named(payload)
    if employees is None or _moved(payload):
        cache.touch_everything()
    else:
        cache.touch_employees(employees)


def employees_named(payload: dict) -> set | None:
    """The employees an event's payload names, or None if it names none."""
    found = set()
    for name in ("employee", "enrollment", "assessment"):
        if payload.get(name) is not None:
            found.add(_employee_of(payload[name]))
    for name in ("enrollments", "assessments"):
        found.update(_employee_of(row) for row in payload.get(name) or ())
    for name in ("created", "updated", "deactivated"):
        found.update(payload.get(name) or ())
    if payload.get("submission") is not None:
        found.add(payload["submission"].employee_id)
    return found or None


def _employee_of(row) -> int:
    return row.pk if isinstance(row, Employee) else row.employee_id


def _moved(payload: dict) -> bool:
    """A person who changed department may have left a municipality whose
    figures counted them."""
    return "department" in (payload.get("changed") or ())


def _everything(**_signal) -> None:
    cache.touch_everything()


# --- The stored activity totals of the day's snapshot -------------------------------
# The snapshot (competences.levels.snapshot) forgets a department when a
# person's levels, role or place change; the enrollments and practice tasks
# the activity totals count are written by the courses services, so their
# events (and deletions, which emit none) forget it here, in the writer's
# transaction.
def _keep_the_activity_exact() -> None:
    snapshot.on_refresh(_build_activity)
    for event in vars(course_events).values():
        if isinstance(event, Event) and event.name not in UNCOUNTED:
            event.subscribe(activity_changed)
    for model in (Enrollment, PracticeTaskSubmission):
        post_delete.connect(
            _activity_deleted, sender=model, dispatch_uid=f"activity-del-{model}"
        )


def activity_changed(*, event, **payload) -> None:
    """Only the department totals count enrollments and tasks: the people's
    own stored levels still hold. An event that names nobody (a session
    cancelled with no one on it) changed no enrollment."""
    employees = employees_named(payload)
    if employees:
        snapshot.forget(employees, people=False)


def _activity_deleted(*, instance, **_signal) -> None:
    snapshot.forget([instance.employee_id], people=False)


def _build_activity(snapshot_id: int, end, start) -> None:
    live = [str(status) for status in LIVE_STATUSES]
    execute(Sql(f"DELETE FROM {sql.ACTIVITY}"))  # noqa: S608
    execute(sql.activity_building(snapshot_id, end, start, live))
    if connection.vendor == "postgresql":
        execute(Sql(f"ANALYZE {sql.ACTIVITY}"))  # as the snapshot's own tables
