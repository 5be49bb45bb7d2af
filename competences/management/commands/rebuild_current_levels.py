"""python manage.py rebuild_current_levels [--verify]"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from competences.levels import current


class Command(BaseCommand):
    help = _(
        "Rebuild the maintained current levels from the assessment history, or "
        "with --verify only report how many rows differ from it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify", action="store_true", help=_("Report drift; change nothing.")
        )

    def handle(self, *args, verify, **options):
        started = time.monotonic()
        differing = current.drift()
        self.stdout.write(_("%(n)s row(s) differ from the history.") % {"n": differing})
        if verify:
            return
        with transaction.atomic():
            rows = current.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                _("Rebuilt %(rows)s current level(s) in %(seconds).1f s.")
                % {"rows": rows, "seconds": time.monotonic() - started}
            )
        )
