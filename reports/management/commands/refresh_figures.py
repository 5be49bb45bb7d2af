"""python manage.py refresh_figures [--verify]

A daily job (README: daily jobs), best just after midnight: until it has run
for the day, the figures of the default period compute everyone's levels in
full (correct, only slower).
"""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from competences.levels import snapshot
from reports.figures.period import period_for


class Command(BaseCommand):
    help = _(
        "Store every employee's overall level at both ends of today's default "
        "period (the last 12 months), which the figures read instead of "
        "grouping everyone's levels again; with --verify only report how many "
        "stored rows differ from the level rule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify", action="store_true", help=_("Report drift; change nothing.")
        )

    def handle(self, *args, verify, **options):
        period = period_for()
        started = time.monotonic()
        if verify:
            self._verify(period)
            return
        self.stdout.write(
            _("Storing overall levels for %(start)s–%(end)s …")
            % {"start": period.date_from, "end": period.date_to}
        )
        stored = snapshot.refresh(period.end, period.start)
        self.stdout.write(
            self.style.SUCCESS(
                _("Stored %(rows)s employee(s) in %(seconds).1f s.")
                % {
                    "rows": stored.rows.count(),
                    "seconds": time.monotonic() - started,
                }
            )
        )

    def _verify(self, period) -> None:
        differing = snapshot.drift(period.end, period.start)
        if differing is None:
            self.stdout.write(_("No stored overall levels for today's period."))
            return
        self.stdout.write(
            _(
                "%(people)s stored row(s), %(groups)s department total(s) and "
                "%(cells)s competence total(s) differ from the level rule."
            )
            % differing
        )
        if any(differing.values()):
            raise SystemExit(1)
