"""The events of the funding app's services (see employees.events).

Each carries the application and ``actor``, the user who acted.
"""

from employees.events import Event

fund_application_created = Event(
    "fund_application_created",
    "An application for co-financing was filed as a draft (application=, actor=).",
)
fund_application_signed = Event(
    "fund_application_signed",
    "A participant, the manager or the union representative signed "
    "(application=, signature=, actor=); application.state is signed once "
    "everyone has.",
)
fund_application_costs_changed = Event(
    "fund_application_costs_changed",
    "The costs changed; signatures given before were dropped "
    "(application=, dropped=[roles], actor=).",
)
fund_application_submitted = Event(
    "fund_application_submitted",
    "The signed application was submitted to the fund (application=, actor=).",
)
fund_application_decided = Event(
    "fund_application_decided",
    "HR recorded the fund's answer: application.state is granted, refused or "
    "paid (application=, actor=).",
)
