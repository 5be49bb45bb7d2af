from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The shared API toolkit: authentication helpers, problem+json, idempotency,
    pagination and fast lists. It imports no domain app (DESIGN §7)."""

    name = "api"
    verbose_name = _("API")

    def ready(self):
        from api import checks  # noqa: F401 (registers the system checks)
