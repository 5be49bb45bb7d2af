"""Headers and definitions, in the active language (Danish or English)."""

from django.conf import settings
from django.utils.translation import gettext as _


def summary_headers(stages) -> list[str]:
    titles = [_("Department"), _("Code"), _("Headcount")]
    for stage in stages:
        titles += [
            _("%(stage)s (count)") % {"stage": stage.name},
            _("%(stage)s (share)") % {"stage": stage.name},
        ]
    return titles + [
        _("Technology-proficient or higher"),
        _("Meeting target"),
        _("Mean level"),
        _("Moved up a stage"),
        _("Active enrollments"),
        _("Completions"),
        _("Verified practice tasks"),
    ]


def employee_headers(competences) -> list[str]:
    titles = [
        _("Name"),
        _("Employee number"),
        _("Department"),
        _("Job role"),
        _("Stage"),
        _("Overall level"),
        _("Target met"),
        _("Last assessed"),
    ]
    for competence in competences:
        titles += [
            _("%(code)s current") % {"code": competence.code},
            _("%(code)s target") % {"code": competence.code},
        ]
    return titles


def definitions() -> list[tuple[str, str]]:
    days = settings.COMPETENCE_VALIDITY_DAYS
    return [
        (
            _("Current level"),
            _(
                "The level of the newest assessment by a manager, a course or an "
                "education partner no older than %(days)d days; otherwise 0. "
                "Self-assessments never count."
            )
            % {"days": days},
        ),
        (
            _("Overall level"),
            _(
                "The mean of the current levels over the job role's profile "
                "(missing = 0), rounded down. Without a role or with an empty "
                "profile: over the competences with a validated level."
            ),
        ),
        (_("Stage"), _("The ladder stage of the overall level.")),
        (
            _("Target met"),
            _("Every profile competence at or above its target level."),
        ),
        (
            _("Headcount"),
            _("Active employees of the department and all departments below it."),
        ),
        (
            _("Moved up a stage"),
            _(
                "Employees whose stage at the end of the period is above their "
                "stage just before it started."
            ),
        ),
        (
            _("Active enrollments"),
            _("Enrollments now requested, enrolled, waitlisted or attended."),
        ),
        (_("Completions"), _("Enrollments completed within the period.")),
        (
            _("Verified practice tasks"),
            _("Practice tasks approved by a manager within the period."),
        ),
    ]
