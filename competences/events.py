"""The events of the competences app's services (see employees.events)."""

from employees.events import Event

assessment_recorded = Event(
    "assessment_recorded",
    "A level was recorded for an employee (assessment=, actor=). Course "
    "completion records several at once and emits one event for each.",
)

levels_rebuilt = Event(
    "levels_rebuilt",
    "The current levels were rebuilt from the history after writes past the "
    "services (a generator, a repair); any figure may have changed (rows=).",
)
