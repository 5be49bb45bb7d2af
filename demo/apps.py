from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo municipality (``seed_demo``) and the national data set for
    benchmarks (``generate_dataset``). Nothing else imports this app."""

    name = "demo"
    verbose_name = _("Demo data")
