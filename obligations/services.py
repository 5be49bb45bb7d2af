"""Writes of the obligations app: requirements, campaigns, exemptions, tries.

Every function is keyword-only and transactional; a refusal raises
``ValidationError`` (per field for bad input) having saved nothing. Who may
write is asked of the access policy (``employees.access``) here, since
creation has no object to check permissions on.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competences.models import MAX_LEVEL
from courses import services as courses_services
from courses.models import Course
from courses.selectors import course_list
from employees.access import access_for
from obligations.audience import members
from obligations.models import Campaign, CampaignTry, Exemption, Requirement

AUDIENCE_FIELDS = ("departments", "job_roles", "managers_only")
REQUIREMENT_FIELDS = (
    "name",
    "description",
    "kind",
    "courses",
    "competence",
    "min_level",
    "due_on",
    "due_days",
    "effective_from",
    "recurrence_months",
    *AUDIENCE_FIELDS,
)
CAMPAIGN_FIELDS = (
    "name",
    "purpose",
    "starts_on",
    "ends_on",
    "practice_task",
    *AUDIENCE_FIELDS,
)
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
Review = CampaignTry.Review


class Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


# --- Audience ------------------------------------------------------------------
def _audience(actor, values: dict, errors: Errors, current=None):
    """The municipality, departments and roles of an audience, checked: at
    least one department or role, all in one municipality the actor holds HR
    over (departments within their HR subtrees)."""
    access = access_for(actor)
    departments = list(values.get("departments") or [])
    roles = list(values.get("job_roles") or [])
    if not departments and not roles:
        errors.add(
            "departments", _("Name at least one department or job role as audience.")
        )
        return None
    hr_departments = set(
        access.hr_departments()
        .filter(pk__in=[d.pk for d in departments])
        .values_list("pk", flat=True)
    )
    outside = [d for d in departments if d.pk not in hr_departments]
    if outside:
        errors.add("departments", _("A department is outside your HR access."))
    municipalities = {d.municipality_id for d in departments} | {
        r.municipality_id for r in roles
    }
    if current is not None and not departments and not roles:
        municipalities = {current.municipality_id}
    if len(municipalities) > 1:
        errors.add(
            "job_roles" if roles else "departments",
            _("The audience must lie in one municipality."),
        )
        return None
    municipality_id = next(iter(municipalities))
    if not access.hr_municipalities().filter(pk=municipality_id).exists():
        errors.add("job_roles", _("A job role is outside your HR access."))
        return None
    return municipality_id


def _save_audience(obj, values: dict) -> None:
    obj.departments.set(values.get("departments") or [])
    obj.job_roles.set(values.get("job_roles") or [])


def _date_in_range(errors: Errors, field: str, value) -> None:
    if value is not None and not (EARLIEST <= value <= LATEST):
        errors.add(field, _("Give a date between 1900 and 2999."))


# --- Requirements --------------------------------------------------------------
def _check_requirement(actor, values: dict, errors: Errors) -> None:
    kind = values.get("kind")
    if kind == Requirement.Kind.COURSE:
        _check_courses(actor, values.get("courses") or [], errors)
        values["competence"], values["min_level"] = None, None
    elif kind == Requirement.Kind.LEVEL:
        values["courses"] = []
        if values.get("competence") is None:
            errors.add("competence", _("Name the competence."))
        level = values.get("min_level")
        if level is None or not 1 <= level <= MAX_LEVEL:
            errors.add("min_level", _("The level must be from 1 to 8."))
    else:
        errors.add("kind", _("Choose a course or a level requirement."))
    due_on, due_days = values.get("due_on"), values.get("due_days")
    if (due_on is None) == (due_days is None):
        errors.add("due_on", _("Give either a due date or a number of days."))
    _date_in_range(errors, "due_on", due_on)
    _date_in_range(errors, "effective_from", values.get("effective_from"))
    months = values.get("recurrence_months")
    if months is not None and not 1 <= months <= 240:
        errors.add("recurrence_months", _("Give from 1 to 240 months, or none."))
    if not (values.get("name") or "").strip():
        errors.add("name", _("This field is required."))


def _check_courses(actor, courses: list[Course], errors: Errors) -> None:
    if not courses:
        errors.add("courses", _("Name at least one course."))
        return
    archived = [c for c in courses if c.status == Course.Status.ARCHIVED]
    if archived:
        errors.add(
            "courses",
            _("%(course)s is archived and cannot be part of the set.")
            % {"course": archived[0].title},
        )
        return
    visible = set(
        course_list(user=actor)
        .filter(pk__in=[c.pk for c in courses])
        .values_list("pk", flat=True)
    )
    unseen = [c for c in courses if c.pk not in visible]
    if unseen:
        errors.add(
            "courses",
            _("%(course)s is not in your catalogue.") % {"course": unseen[0].title},
        )


@transaction.atomic
def requirement_create(*, actor, **values) -> Requirement:
    _only(REQUIREMENT_FIELDS, values)
    errors = Errors()
    values.setdefault("effective_from", timezone.localdate())
    municipality_id = _audience(actor, values, errors)
    _check_requirement(actor, values, errors)
    errors.raise_any()
    requirement = Requirement(
        municipality_id=municipality_id,
        created_by=actor,
        **{k: v for k, v in values.items() if k not in ("courses", *AUDIENCE_FIELDS)},
        managers_only=bool(values.get("managers_only")),
    )
    requirement.save()
    _save_audience(requirement, values)
    requirement.courses.set(values.get("courses") or [])
    return requirement


@transaction.atomic
def requirement_update(*, requirement: Requirement, actor, **values) -> Requirement:
    """Change a requirement: the fields given replace the stored ones."""
    _only(REQUIREMENT_FIELDS, values)
    require_hr_over(actor, requirement)
    merged = _current(requirement) | values
    errors = Errors()
    municipality_id = _audience(actor, merged, errors, current=requirement)
    _check_requirement(actor, merged, errors)
    errors.raise_any()
    for field in REQUIREMENT_FIELDS:
        if field not in ("courses", "departments", "job_roles"):
            setattr(requirement, field, merged.get(field))
    requirement.managers_only = bool(merged.get("managers_only"))
    requirement.municipality_id = municipality_id
    requirement.save()
    _save_audience(requirement, merged)
    requirement.courses.set(merged.get("courses") or [])
    return requirement


def _current(obj) -> dict:
    values = {
        "departments": list(obj.departments.all()),
        "job_roles": list(obj.job_roles.all()),
        "managers_only": obj.managers_only,
    }
    fields = REQUIREMENT_FIELDS if isinstance(obj, Requirement) else CAMPAIGN_FIELDS
    for field in fields:
        if field == "courses":
            values[field] = list(obj.courses.all())
        elif field not in values:
            values[field] = getattr(obj, field)
    return values


def require_hr_over(actor, obj) -> None:
    """HR over the whole municipality of a requirement or campaign, or over
    each of its departments."""
    access = access_for(actor)
    if access.is_superuser:
        return
    departments = list(obj.departments.all())
    if departments and all(access.can_edit_department(d) for d in departments):
        return
    if access.role_municipalities().filter(pk=obj.municipality_id).exists():
        return
    raise PermissionDenied(_("You may not change this."))


@transaction.atomic
def exemption_grant(*, requirement: Requirement, employee, reason: str, actor):
    """Exempt a person from a requirement (HR over them, never oneself)."""
    access = access_for(actor)
    if access.is_self(employee) or not access.is_hr_over(employee):
        raise PermissionDenied(_("Only HR over the employee may exempt them."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the exemption.")})
    try:
        with transaction.atomic():
            return Exemption.objects.create(
                requirement=requirement,
                employee=employee,
                reason=reason.strip(),
                granted_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"employee": _("The employee is already exempt.")}
        ) from None


@transaction.atomic
def exemption_revoke(*, exemption: Exemption, actor) -> None:
    if not access_for(actor).is_hr_over(exemption.employee):
        raise PermissionDenied(_("Only HR over the employee may do this."))
    exemption.delete()


# --- Campaigns -----------------------------------------------------------------
def _check_campaign(values: dict, errors: Errors) -> None:
    for field in ("name", "purpose", "practice_task"):
        if not (values.get(field) or "").strip():
            errors.add(field, _("This field is required."))
    starts, ends = values.get("starts_on"), values.get("ends_on")
    for field, value in (("starts_on", starts), ("ends_on", ends)):
        if value is None:
            errors.add(field, _("This field is required."))
        _date_in_range(errors, field, value)
    if starts and ends and ends < starts:
        errors.add("ends_on", _("The campaign must end on or after its start."))


@transaction.atomic
def campaign_create(*, actor, **values) -> Campaign:
    _only(CAMPAIGN_FIELDS, values)
    errors = Errors()
    municipality_id = _audience(actor, values, errors)
    _check_campaign(values, errors)
    errors.raise_any()
    campaign = Campaign(
        municipality_id=municipality_id,
        created_by=actor,
        **{k: v for k, v in values.items() if k not in AUDIENCE_FIELDS},
        managers_only=bool(values.get("managers_only")),
    )
    campaign.save()
    _save_audience(campaign, values)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor, **values) -> Campaign:
    _only(CAMPAIGN_FIELDS, values)
    require_hr_over(actor, campaign)
    merged = _current(campaign) | values
    errors = Errors()
    municipality_id = _audience(actor, merged, errors, current=campaign)
    _check_campaign(merged, errors)
    errors.raise_any()
    for field in CAMPAIGN_FIELDS:
        if field not in ("departments", "job_roles"):
            setattr(campaign, field, merged.get(field))
    campaign.managers_only = bool(merged.get("managers_only"))
    campaign.municipality_id = municipality_id
    campaign.save()
    _save_audience(campaign, merged)
    return campaign


@transaction.atomic
def campaign_try_submit(*, campaign: Campaign, employee, evidence: str, actor):
    """The employee's evidence that they tried it in their own work: a
    practice-task submission without an enrollment (courses), linked to the
    campaign. It is reviewed at the §5.1 practice-task endpoints."""
    if not access_for(actor).is_self(employee):
        raise PermissionDenied(_("Only the employee submits their own evidence."))
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Describe what you tried.")})
    today = timezone.localdate()
    if not members(campaign, at=today).filter(pk=employee.pk).exists():
        raise ValidationError(
            _("You are not part of this campaign."), code="invalid_transition"
        )
    if not campaign.starts_on <= today <= campaign.ends_on:
        raise ValidationError(
            _("The campaign is not running."), code="invalid_transition"
        )
    # One try under review or approved per person and campaign: the campaign
    # row is locked while that is checked and the try written.
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    open_tries = CampaignTry.objects.filter(
        campaign=campaign,
        submission__employee=employee,
        submission__status__in=[Review.SUBMITTED, Review.APPROVED],
    )
    if open_tries.exists():
        raise ValidationError(
            _("Your evidence is already submitted or approved."),
            code="invalid_transition",
        )
    submission = courses_services.evidence_submit(
        employee=employee,
        task_title=campaign.name,
        evidence=evidence,
        submitted_by=actor,
    )
    return CampaignTry.objects.create(campaign=campaign, submission=submission)


def campaign_try_approve(*, attempt: CampaignTry, actor, note: str = ""):
    """The review of the try's evidence: the courses' practice-task review
    (its rule, its events), nothing of its own."""
    courses_services.practice_task_approve(
        submission=attempt.submission, reviewed_by=actor, note=note
    )
    return attempt


def campaign_try_return(*, attempt: CampaignTry, actor, note: str = ""):
    courses_services.practice_task_return(
        submission=attempt.submission, reviewed_by=actor, note=note
    )
    return attempt


def _only(fields: tuple, values: dict) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
