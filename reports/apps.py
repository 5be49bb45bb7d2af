from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from employees import sections
        from reports import subscribers

        subscribers.connect()

        sections.register_menu_item(
            "dashboard",
            _("Dashboard"),
            "dashboard",
            order=10,
            visible=lambda request, access: access is not None and access.has_grants,
        )
