from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications.delivery import deliver_due


class Command(BaseCommand):
    help = (
        "Send the notifications that are due: retries, and any whose background "
        "task was lost. Run every few minutes; never sends a mail twice."
    )

    def handle(self, *args, **options):
        outcome = deliver_due()
        self.stdout.write(
            _("%(sent)d sent, %(retry)d to retry later, %(failed)d failed.") % outcome
        )
