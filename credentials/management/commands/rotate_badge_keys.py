"""Give issuers a new signing key. Old keys stay published, so every badge
they signed stays verifiable; new badges are signed with the new key."""

from django.core.management.base import BaseCommand, CommandError

from credentials.keys import key_rotate
from credentials.models import Issuer


class Command(BaseCommand):
    help = "Rotate the badge signing key of one municipality, or of every issuer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality", help="the municipality's code (default: every issuer)"
        )

    def handle(self, *args, municipality=None, **options):
        issuers = Issuer.objects.select_related("municipality").order_by("pk")
        if municipality:
            issuers = issuers.filter(municipality__code=municipality)
            if not issuers.exists():
                raise CommandError(f"No badge issuer with the code {municipality}.")
        for issuer in issuers:
            key = key_rotate(issuer=issuer)
            self.stdout.write(f"{issuer.municipality.code}: new key {key.key_id}")
