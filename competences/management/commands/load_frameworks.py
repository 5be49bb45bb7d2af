import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from competences.services import DIGCOMP_FILE, framework_load


class Command(BaseCommand):
    help = "Load or update a framework and the ladder from JSON (safe to rerun)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DIGCOMP_FILE))

    def handle(self, *args, file, **options):
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        summary = framework_load(data=data)
        self.stdout.write(
            self.style.SUCCESS(
                "Framework {framework}: {areas} areas, {competences} competences, "
                "{levels} levels, {stages} ladder stages.".format(**summary)
            )
        )
