"""Badges for the demo: every achievement the history holds, one revoked."""

import io

from django.core.management import call_command
from django.utils.translation import gettext as _

from credentials.models import Badge
from credentials.services import badge_revoke

REVOCATION_REASON = "Tildelt ved en fejl: kurset blev registreret på den forkerte."


def build_badges(*, org) -> dict:
    """Award (and sign) the badges the demo's history earned, then revoke one
    that is not a demo user's, so the revoked page can be seen."""
    call_command("issue_badges", stdout=io.StringIO())
    demo_people = {person.pk for person in org.people.values()}
    badges = Badge.objects.filter(employee__municipality=org.municipality)
    revoked = badges.exclude(employee__in=demo_people).order_by("pk").first()
    if revoked is not None:
        badge_revoke(
            badge=revoked, revoked_by=org.users["hr"], reason=REVOCATION_REASON
        )
    return {"badges": Badge.objects.count(), "revoked": int(revoked is not None)}


def badges_report(summary: dict) -> str:
    return _("Badges: %(badges)d, %(revoked)d of them revoked.") % summary
