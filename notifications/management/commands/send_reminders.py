from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications import reminders


class Command(BaseCommand):
    help = (
        "Create today's reminders (REMINDER_DAYS_BEFORE days before a session and "
        "an enrollment deadline) and the managers' daily digests. Run once a day; "
        "running it again the same day creates nothing new."
    )

    def handle(self, *args, **options):
        steps = (
            (_("Session reminders"), reminders.session_reminders),
            (_("Deadline reminders"), reminders.deadline_reminders),
            (_("Daily digests"), reminders.digests),
        )
        for label, step in steps:
            self.stdout.write(
                _("%(step)s: %(count)d new.") % {"step": label, "count": step()}
            )
