"""Authentication backends: passwords (maybe for superusers only) and SSO."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """User name and password. With ``PASSWORD_LOGIN=off`` only superusers
    may use it (the municipality's identity provider signs in everyone else),
    and in production they then also need their second factor for the admin."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username, password, **kwargs)
        if user is not None and not settings.PASSWORD_LOGIN and not user.is_superuser:
            return None
        return user


class SingleSignOnBackend(ModelBackend):
    """Restores users signed in by an identity provider; takes no passwords."""

    def authenticate(self, request, **credentials):
        return None
