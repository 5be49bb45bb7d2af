"""Who a notification goes to: the app user, the mail address, the language."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import validate_email

from employees.access import deciders_values
from employees.models import Employee
from notifications.models import Preferences


@dataclass(frozen=True)
class Recipient:
    user: object | None  # sees the notification in the app
    employee: Employee | None  # the recipient when there is no user
    email: str  # empty: nowhere to send it
    preferences: Preferences | None

    @property
    def language(self) -> str:
        if self.preferences is not None:
            return self.preferences.language
        return settings.LANGUAGE_CODE


def _valid(address: str) -> str:
    """The address if it is one; anything else (also CR/LF) counts as none."""
    address = (address or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def _preferences(user) -> Preferences | None:
    if user is None:
        return None
    try:
        return user.notification_preferences
    except Preferences.DoesNotExist:
        return None


def _work_email(user) -> str:
    try:
        return user.employee.work_email
    except ObjectDoesNotExist:
        return ""


def for_users(users) -> list[Recipient]:
    """Signed-in people (managers, HR): their work address, else the user's.

    One query for them all, however many.
    """
    User = get_user_model()
    loaded = User.objects.filter(pk__in=[u.pk for u in users]).select_related(
        "employee", "notification_preferences"
    )
    by_id = {user.pk: user for user in loaded}
    return [_for_loaded(by_id[u.pk]) for u in users if u.pk in by_id]


# What a decider's notification needs of them, read with the deciders.
DECIDER_FIELDS = (
    "id",
    "email",
    "employee__work_email",
    "notification_preferences__id",
    "notification_preferences__language",
    "notification_preferences__reminders",
    "notification_preferences__requests_mail",
)


def deciders(employee: Employee) -> list[Recipient]:
    """The employee's deciders (employees.access.deciders_of) as recipients,
    in the one query that finds them: this runs inside the request that
    asks, so it reads only the facts a notification's row needs."""
    User = get_user_model()
    found = []
    for row in deciders_values(employee, *DECIDER_FIELDS):
        user = User(id=row["id"], email=row["email"])
        preferences = None
        if row["notification_preferences__id"] is not None:
            preferences = Preferences(
                id=row["notification_preferences__id"],
                user=user,
                language=row["notification_preferences__language"],
                reminders=row["notification_preferences__reminders"],
                requests_mail=row["notification_preferences__requests_mail"],
            )
        email = _valid(row["employee__work_email"]) or _valid(user.email)
        found.append(Recipient(user, None, email, preferences))
    return found


def for_user(user) -> Recipient:
    (recipient,) = for_users([user])
    return recipient


def _for_loaded(user) -> Recipient:
    email = _valid(_work_email(user)) or _valid(user.email)
    return Recipient(user, None, email, _preferences(user))


def for_employee(employee: Employee) -> Recipient:
    """An employee about their own affairs, with or without a login."""
    if employee.user_id is None:
        return Recipient(None, employee, _valid(employee.work_email), None)
    return for_user(employee.user)
