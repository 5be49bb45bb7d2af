"""Helpers of the notification tests; the SMTP server is tests.mailserver."""

from notifications.models import Preferences
from tests.mailserver import calendar_of, html_of, subject, text_of

__all__ = ["calendar_of", "html_of", "prefer", "subject", "text_of"]


def prefer(user, **choices) -> Preferences:
    preferences, _created = Preferences.objects.get_or_create(user=user)
    for name, value in choices.items():
        setattr(preferences, name, value)
    preferences.save()
    return preferences
