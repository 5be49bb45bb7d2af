"""python manage.py apply_retention [--dry-run]

Run it daily (cron, systemd timer or the platform's scheduler); it is
idempotent and anonymises only employees not anonymised before.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from employees.gdpr.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise employees whose employment ended more than "
        "RETENTION_DAYS_AFTER_EMPLOYMENT days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        result = retention_apply(dry_run=options["dry_run"])
        days = settings.RETENTION_DAYS_AFTER_EMPLOYMENT
        if options["dry_run"]:
            self.stdout.write(
                _(
                    "Dry run: %(n)s employee(s) ended more than %(days)s days ago "
                    "and would be anonymised; %(uploads)s old upload(s) would be "
                    "deleted."
                )
                % {"n": result.employees, "days": days, "uploads": result.uploads}
            )
            return
        self.stdout.write(
            _(
                "Anonymised %(n)s employee(s), scrubbed %(entries)s audit entries, "
                "deleted %(uploads)s old upload(s)."
            )
            % {
                "n": result.employees,
                "entries": result.audit_entries,
                "uploads": result.uploads,
            }
        )
