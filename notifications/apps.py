from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The open-work counts GET /api/v1/todo/ always answers (DESIGN §8); the
# requirement counters belong to the obligations app, 0 until it registers them.
TODO_KEYS = ("approvals", "practice_tasks", "requirements_due", "requirements_overdue")
# Events of apps that may not be installed, subscribed to by name if they are.
OPTIONAL_EVENTS = ("requirement_due", "requirement_overdue")


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        _subscribe()
        _pages()


def _subscribe() -> None:
    from courses import events as course_events
    from employees.events import Event
    from notifications import subscribers as s

    for event, handler in (
        (course_events.enrollment_requested, s.on_requested),
        (course_events.enrollment_approved, s.on_approved),
        (course_events.enrollment_rejected, s.on_rejected),
        (course_events.enrollment_enrolled, s.on_enrolled),
        (course_events.enrollment_waitlisted, s.on_waitlisted),
        (course_events.enrollment_promoted, s.on_promoted),
        (course_events.enrollment_withdrawn, s.on_withdrawn),
        (course_events.enrollment_completed, s.on_completed),
        (course_events.session_changed, s.on_session_changed),
        (course_events.session_cancelled, s.on_session_cancelled),
        (course_events.practice_task_submitted, s.on_task_submitted),
        (course_events.practice_task_approved, s.on_task_reviewed),
        (course_events.practice_task_returned, s.on_task_reviewed),
    ):
        # In the service's transaction: the outbox row commits with the change.
        event.subscribe(handler)
    for name in OPTIONAL_EVENTS:
        event = Event.registry.get(name)
        if event is not None:
            event.subscribe(s.on_requirement)


def _pages() -> None:
    from employees import sections
    from notifications import selectors
    from notifications.views import pages

    for key in TODO_KEYS:
        if key not in sections.registered_todo():
            sections.register_todo(key, lambda user: 0)
    sections.register_todo("notifications", selectors.unread_count)
    sections.register(
        sections.EMPLOYEE_PAGE, "calendar_feed", pages.calendar_section, order=90
    )

    sections.register_menu_item(
        "notifications",
        _("Notifications"),
        "notification_list",
        order=90,
        visible=lambda request, access: request.user.is_authenticated,
        count="notifications",
    )
