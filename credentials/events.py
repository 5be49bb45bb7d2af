"""The events of the credentials app's services (see employees.events)."""

from employees.events import Event

badge_issued = Event(
    "badge_issued",
    "A badge was awarded to an employee (badge=, actor=). It is signed once "
    "the award has committed.",
)
badge_revoked = Event(
    "badge_revoked", "HR revoked a badge, with a reason (badge=, actor=)."
)
