"""Writes on employees that belong to no single view."""

from employees.models import Employee, EmployeeAccessLog

Channel = EmployeeAccessLog.Channel


def employee_access_log(*, viewer, employee: Employee, channel: str) -> None:
    """Record that ``viewer`` looked at ``employee``'s record.

    Call it from every view that shows one employee's details (page, API
    retrieve, admin change view). Looking at oneself is not logged: the right
    of access is about who *else* looked a person up.
    """
    if channel not in Channel.values:
        raise ValueError(f"Unknown access-log channel {channel!r}")
    viewer_id = getattr(viewer, "pk", None)
    if viewer_id is not None and viewer_id == employee.user_id:
        return
    EmployeeAccessLog.objects.create(
        employee=employee, viewer_id=viewer_id, channel=channel
    )
