from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """GDPR: the right-of-access bundle and retention (anonymisation).

    It reads and scrubs every app's personal data, so it sits above them all.
    """

    name = "privacy"
    verbose_name = _("Privacy (GDPR)")
