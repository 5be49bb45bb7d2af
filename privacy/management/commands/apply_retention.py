"""python manage.py apply_retention [--dry-run]

Run it daily (cron, systemd timer or the platform's scheduler); it is
idempotent and anonymises only employees not anonymised before. It also
deletes expired report jobs: their workbooks may list employees by name, and
waiting for the next report request to clear them could keep them for weeks.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.retention import retention_apply
from reports.models import ReportJob
from reports.services import report_job_purge


class Command(BaseCommand):
    help = (
        "Anonymise employees whose employment ended more than "
        "RETENTION_DAYS_AFTER_EMPLOYMENT days ago; delete expired report jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        result = retention_apply(dry_run=options["dry_run"])
        days = settings.RETENTION_DAYS_AFTER_EMPLOYMENT
        self._report_skipped(result)
        if options["dry_run"]:
            self.stdout.write(
                _(
                    "Dry run: %(n)s employee(s) ended more than %(days)s days ago "
                    "and would be anonymised; %(uploads)s old upload(s) would be "
                    "deleted."
                )
                % {"n": result.employees, "days": days, "uploads": result.uploads}
            )
            self.stdout.write(
                _("%(n)s expired report(s) would be deleted.")
                % {"n": ReportJob.objects.expired().count()}
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
        self.stdout.write(
            _("Deleted %(n)s expired report(s).") % {"n": report_job_purge()}
        )
        self.stdout.write(
            _(
                "Deleted %(logs)s old sign-in log entries and %(replays)s stored "
                "API answers."
            )
            % {"logs": result.sign_in_logs, "replays": result.idempotency_records}
        )

    def _report_skipped(self, result) -> None:
        if result.skipped_active:
            self.stderr.write(
                _(
                    "Skipped %(n)s employee(s) still marked active although their "
                    "employment ended more than the retention period ago: "
                    "%(numbers)s. Check them in the HR system and import again."
                )
                % {
                    "n": len(result.skipped_active),
                    "numbers": ", ".join(result.skipped_active),
                }
            )
