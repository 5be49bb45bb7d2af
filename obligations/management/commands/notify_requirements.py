from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from obligations.notices import notify_due


class Command(BaseCommand):
    help = (
        "Emit requirement_due and requirement_overdue for people whose "
        "requirement falls due within 30 days or has passed, once per person "
        "and due date. Run once a day; running it again creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            today = parse_date(options["date"])
            if today is None:
                raise CommandError(_("Give the date as YYYY-MM-DD."))
        counts = notify_due(today=today)
        self.stdout.write(
            _("%(due)d due and %(overdue)d overdue notices emitted.") % counts
        )
