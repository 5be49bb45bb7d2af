from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from courses.models import Provider, ProviderAPIKey


class Command(BaseCommand):
    help = (
        "Create an API key for an education partner. The key is shown once, "
        "alone on the last line; only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("provider_code", help="The partner's code, e.g. kkc.")
        parser.add_argument("--name", default="", help="A label for the key.")
        parser.add_argument(
            "--days", type=int, default=None, help="Expire after this many days."
        )

    def handle(self, *args, provider_code, name, days, **options):
        try:
            provider = Provider.objects.get(code=provider_code)
        except Provider.DoesNotExist:
            raise CommandError(
                f"No education partner has the code {provider_code!r}."
            ) from None
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.") from None
        expiry = timezone.now() + timedelta(days=days) if days else None
        api_key, key = ProviderAPIKey.objects.create_key(
            name=name or f"{provider.code} {timezone.localdate():%Y-%m-%d}",
            provider=provider,
            expiry_date=expiry,
        )
        self.stdout.write(
            f"Partner key {api_key.prefix} for {provider.name}"
            + (f", expires {expiry:%Y-%m-%d}" if expiry else ", no expiry")
            + ". Send it as: Authorization: Api-Key <key>"
        )
        self.stdout.write(key)
