from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    """Open Badges 3.0 for what employees achieve (DESIGN §11)."""

    name = "credentials"
    verbose_name = _("Badges")

    def ready(self):
        # Models exist only once apps are ready, hence the imports here.
        from credentials import checks, subscribers
        from credentials.models import Badge
        from credentials.views import pages
        from employees import sections
        from employees.audit import track

        checks.register()
        subscribers.connect()
        sections.register(
            sections.EMPLOYEE_PAGE, "badges", pages.badges_section, order=25
        )
        # The reason may name people: masked in the trail, like notes.
        track(
            Badge,
            mask_fields=["revocation_reason"],
            exclude_fields=["credential", "jwt"],
        )
