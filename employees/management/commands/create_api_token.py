from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from employees.models import ApiToken


class Command(BaseCommand):
    help = (
        "Create a personal API token for a user's own scripts. It carries "
        "exactly that user's access and expires after API_TOKEN_DAYS. The token "
        "is shown once, alone on the last line; only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token.")

    def handle(self, *args, username, name, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active.") from None
        expiry = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
        token, key = ApiToken.objects.create_key(
            name=name or f"{username} {timezone.localdate():%Y-%m-%d}",
            user=user,
            expiry_date=expiry,
        )
        self.stdout.write(
            f"Token {token.prefix} for {username}, expires {expiry:%Y-%m-%d}. "
            "Send it as: Authorization: Bearer <token>"
        )
        self.stdout.write(key)
