"""List-Unsubscribe links: one click turns off reminders or digests, no login.

The link carries the user's random ``mail_key`` (never their id or name) and
the preference to turn off, signed with the secret key: it cannot be guessed
or altered, and it names nobody.
"""

from django.core import signing
from django.urls import reverse

from api.links import absolute_url as absolute
from notifications.models import Preferences

SALT = "notifications.unsubscribe"
CHOICES = ("reminders", "digest")


def link(user, what: str, preferences: Preferences | None = None) -> str:
    if preferences is None:
        preferences, _created = Preferences.objects.get_or_create(user=user)
    # No timestamp: the link in the body and in the header are the same.
    token = signing.Signer(salt=SALT).sign_object([preferences.mail_key, what])
    return absolute(reverse("notification_unsubscribe", args=[token]))


def resolve(token: str) -> tuple[Preferences, str] | None:
    """The preferences and choice a link names, or None for a bad link."""
    try:
        key, what = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if what not in CHOICES:
        return None
    preferences = Preferences.objects.filter(mail_key=key).first()
    return (preferences, what) if preferences is not None else None
