from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.dataset import HR_USER, NATIONAL_USER, DatasetExists, dataset_generate


class Command(BaseCommand):
    help = _(
        "Build a synthetic national data set for benchmarks: municipalities with "
        "department trees, roles, employees, assessments, courses and enrollments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=98)
        parser.add_argument("--employees", type=int, default=500_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, municipalities, employees, seed, **options):
        if settings.PRODUCTION:
            raise CommandError(_("generate_dataset refuses to run in production."))
        if municipalities < 1 or employees < municipalities:
            raise CommandError(
                _("Need at least one municipality and one employee per municipality.")
            )
        try:
            counts = dataset_generate(
                municipalities=municipalities,
                employees=employees,
                seed=seed,
                report=self.stdout.write,
            )
        except DatasetExists as error:
            raise CommandError(
                _("A generated data set is already in this database; use a new one.")
            ) from error
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Done. Benchmark users: %(hr)s (largest municipality), %(all)s.")
                % {"hr": HR_USER, "all": NATIONAL_USER}
            )
        )
