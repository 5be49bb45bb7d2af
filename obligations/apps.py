from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "obligations"
    verbose_name = _("Requirements and roll-out campaigns")

    def ready(self):
        # Declared before notifications subscribes to them by name (this app
        # comes first in INSTALLED_APPS for that reason).
        from courses import waitlist
        from employees import sections
        from employees.audit import track
        from obligations import (
            events,  # noqa: F401
            selectors,
        )
        from obligations.models import Campaign, CampaignTry, Exemption, Requirement
        from obligations.status import overdue_for_course

        track(Requirement, exclude_fields=["updated_at"])
        track(Campaign, exclude_fields=["updated_at"])
        track(Exemption, mask_fields=["reason"])
        track(CampaignTry, mask_fields=["evidence", "review_note"])
        waitlist.register_overdue(overdue_for_course)
        sections.register_todo("requirements_due", selectors.requirements_due_count)
        sections.register_todo(
            "requirements_overdue", selectors.requirements_overdue_count
        )
        _pages(sections)


def _pages(sections) -> None:
    from obligations.views import pages

    sections.register(
        sections.EMPLOYEE_PAGE, "obligations", pages.employee_section, order=15
    )
    # Before the open work of courses (order 10): overdue people come first.
    sections.register(
        sections.DASHBOARD, "obligations", pages.dashboard_section, order=5
    )
    sections.register_menu_item(
        "obligations",
        _("Requirements"),
        "obligations",
        order=55,
        visible=lambda request, access: access is not None and access.has_grants,
    )
