from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.seed import (
    DemoConflict,
    data,
    demo_build,
    demo_exists,
)


class Command(BaseCommand):
    help = (
        "Build a demo municipality with employees, history, courses and demo "
        "users (password 'demo'). Safe to run again: an existing demo is kept."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "seed_demo refuses to run in production: demo users have the "
                    "password 'demo'."
                )
            )
        if demo_exists():
            self.stdout.write(
                _("The demo (%(name)s) already exists; nothing changed.")
                % {"name": data.MUNICIPALITY["name"]}
            )
            return
        try:
            summary = demo_build(report=self.stdout.write)
        except DemoConflict as conflict:
            raise CommandError(
                _(
                    "These users exist but the demo does not: %(users)s. Use an "
                    "empty database or remove them first."
                )
                % {"users": conflict}
            ) from conflict
        session = summary["one_free_session"]
        self.stdout.write(
            _("Session with one free seat: %(session)s (id %(id)d).")
            % {"session": session, "id": session.pk}
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo ready. Sign in as admin, hr, manager, manager2, viewer, "
                    "employee, hr2 or tr with the password 'demo'."
                )
            )
        )
