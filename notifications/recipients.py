"""Who a notification goes to: the app user, the mail address, the language."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

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
    return Preferences.objects.filter(user=user).first()


def for_user(user) -> Recipient:
    """A signed-in person (a manager, HR): their work address, else the user's."""
    employee = Employee.objects.filter(user=user).only("work_email").first()
    email = _valid(employee.work_email if employee else "") or _valid(user.email)
    return Recipient(user, None, email, _preferences(user))


def for_employee(employee: Employee) -> Recipient:
    """An employee about their own affairs, with or without a login."""
    user = employee.user
    email = _valid(employee.work_email) or _valid(user.email if user else "")
    return Recipient(user, None if user else employee, email, _preferences(user))
