from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "competences"
    verbose_name = _("Competences")

    def ready(self):
        # Models exist only once apps are ready, hence the imports here.
        from competences.models import Assessment
        from competences.views import pages
        from employees import sections
        from employees.audit import track

        track(Assessment, mask_fields=["note"])
        sections.register(
            sections.EMPLOYEE_PAGE, "levels", pages.levels_section, order=10
        )
        sections.register(
            sections.EMPLOYEE_PAGE, "history", pages.history_section, order=30
        )
        sections.register_menu_item(
            "team",
            _("Team"),
            "team",
            order=32,
            visible=lambda request, access: access is not None and access.is_lead,
        )
        sections.register_menu_item(
            "roles",
            _("Job roles"),
            "role_list",
            order=50,
            visible=lambda request, access: access is not None and access.is_hr,
        )
