"""The demo data set behind ``manage.py seed_demo``.

One fixed random seed and dates counted from today make every run build the
same municipality, with sessions ahead and history behind.
"""

import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competences.models import RoleCompetence
from competences.services import digcomp_ensure
from demo.seed import data
from demo.seed.badges import badges_report, build_badges
from demo.seed.enrollments import build_catalogue
from demo.seed.funding import build_funding
from demo.seed.history import build_history
from demo.seed.notifications import build_notifications
from demo.seed.obligations import build_obligations
from demo.seed.organisation import build_organisation
from employees.models import Department


class DemoConflict(Exception):
    """Demo users exist without the demo municipality: refuse to mix them."""


def demo_exists() -> bool:
    return Department.objects.roots().filter(code=data.MUNICIPALITY["code"]).exists()


def conflicting_usernames() -> list[str]:
    users = get_user_model().objects.filter(username__in=data.USERNAMES)
    return sorted(users.values_list("username", flat=True))


@transaction.atomic
def demo_build(*, report: Callable[[str], None] = lambda line: None) -> dict:
    """Build the whole demo in one transaction: it appears complete or not at all."""
    taken = conflicting_usernames()
    if taken:
        raise DemoConflict(", ".join(taken))
    _framework(report)
    rng = random.Random(data.SEED)
    # Counted from the start of today so a rerun on the same day is identical.
    now = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    org = build_organisation(rng=rng, today=now.date())
    report(
        _(
            "Organisation: %(name)s with %(departments)d departments and "
            "%(employees)d employees; %(second)s with %(others)d employees."
        )
        % {
            "name": org.municipality.name,
            "departments": len(org.departments),
            "employees": len(org.employees),
            "second": org.second.name,
            "others": len(org.second_employees),
        }
    )
    history = build_history(rng=rng, now=now, org=org, profiles=_profiles())
    summary = build_catalogue(rng=rng, now=now, org=org, history=history)
    report(
        _(
            "Courses: %(providers)d partners, %(courses)d courses, %(sessions)d "
            "sessions, %(enrollments)d enrollments, %(practice_tasks)d practice "
            "tasks."
        )
        % summary
    )
    summary["assessments"] = history.save()
    report(_("Assessments: %(count)d.") % {"count": summary["assessments"]})
    badges = build_badges(org=org)
    report(badges_report(badges))
    summary.update(badges)
    summary["notifications"] = build_notifications(org=org)
    report(
        _("Notifications: %(count)d; their mails go out once the demo is saved.")
        % {"count": summary["notifications"]}
    )
    summary.update(build_funding(rng=rng, now=now, org=org))
    report(
        _("Kompetencefond: %(count)d applications.")
        % {"count": summary["fund_applications"]}
    )
    obligations = build_obligations(rng=rng, now=now, org=org)
    summary.update(obligations)
    report(
        _(
            "Requirements: %(requirements)d; campaigns: %(campaigns)d with "
            "%(campaign_tries)d tries."
        )
        % obligations
    )
    summary["org"] = org
    return summary


def _framework(report) -> None:
    result = digcomp_ensure()
    if result:
        report(_("Loaded %(framework)s.") % result)


def _profiles() -> dict[int, dict]:
    profiles: dict[int, dict] = {}
    for row in RoleCompetence.objects.select_related("competence"):
        profiles.setdefault(row.role_id, {})[row.competence] = row.target_level
    return profiles
