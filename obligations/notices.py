"""The daily run that tells people of due and overdue requirements (§8).

Each (requirement, person, due date, kind) is emitted once: a ``DueNotice``
row is written in the same transaction as the event's subscribers' outbox
rows, and a person already noticed for that due date is skipped on later
days. A new due date (the requirement recurred, or HR moved it) is a new
notice.
"""

from datetime import date

from django.db import transaction

from employees.models import Employee
from obligations import events
from obligations.models import DueNotice, Requirement
from obligations.status import statuses

EVENTS = {"due": events.requirement_due, "overdue": events.requirement_overdue}


def notify_due(*, today: date) -> dict[str, int]:
    """Emit today's new notices; answers how many of each kind."""
    emitted = {"due": 0, "overdue": 0}
    requirements = Requirement.objects.prefetch_related(
        "departments", "job_roles", "courses"
    )
    for requirement in requirements:
        with transaction.atomic():
            for kind, count in _notify(requirement, today).items():
                emitted[kind] += count
    return emitted


def _notify(requirement: Requirement, today: date) -> dict[str, int]:
    rows = [r for r in statuses(requirement, at=today) if r.status in EVENTS]
    if not rows:
        return {}
    sent = set(
        DueNotice.objects.filter(
            requirement=requirement, employee_id__in=[r.employee for r in rows]
        ).values_list("employee_id", "due_on", "kind")
    )
    new = [r for r in rows if (r.employee, r.due_on, r.status) not in sent]
    people = Employee.objects.select_related("department", "user").in_bulk(
        [r.employee for r in new]
    )
    counts: dict[str, int] = {}
    for row in new:
        DueNotice.objects.create(
            requirement=requirement,
            employee_id=row.employee,
            due_on=row.due_on,
            kind=row.status,
        )
        EVENTS[row.status].emit(
            requirement=requirement,
            employee=people[row.employee],
            due=row.due_on,
        )
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts
