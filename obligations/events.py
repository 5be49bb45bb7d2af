"""Events of the obligations app (DESIGN §8), emitted by the daily command
``requirements_notify`` once per person, requirement and due date."""

from employees.events import Event

requirement_due = Event(
    "requirement_due",
    "A person's requirement falls due within 30 days (requirement=, employee=, "
    "due_on=).",
)
requirement_overdue = Event(
    "requirement_overdue",
    "A person's requirement is past its due date (requirement=, employee=, due_on=).",
)
