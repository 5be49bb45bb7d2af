import json
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competences import events
from competences.levels import current, current_levels, snapshot
from competences.models import (
    DESCRIPTORS,
    MAX_LEVEL,
    MIN_LEVEL,
    Assessment,
    Competence,
    CompetenceArea,
    Framework,
    LadderStage,
    Level,
    RoleCompetence,
)
from employees import services as organisation
from employees.models import JobRole

# The framework Kyndig ships with (DESIGN §2): Danish and English names.
DIGCOMP_FILE = Path(__file__).resolve().parent / "data" / "digcomp-2.2.json"


def digcomp_ensure() -> dict | None:
    """Load DigComp 2.2 unless it is loaded; answers what framework_load did."""
    if Framework.objects.filter(code="digcomp").exists():
        return None
    return framework_load(data=json.loads(DIGCOMP_FILE.read_text(encoding="utf-8")))


@transaction.atomic
def framework_load(*, data: dict) -> dict:
    """Create or update a framework, its areas, competences, levels and the ladder.

    Keyed on stable codes, so running it again changes nothing and an edited
    file updates names in place.
    """
    meta = data["framework"]
    framework, _created = Framework.objects.update_or_create(
        code=meta["code"],
        version=meta["version"],
        defaults={
            "name_da": meta["name"]["da"],
            "name_en": meta["name"]["en"],
            "source": meta.get("source", ""),
        },
    )
    competence_count = 0
    for area_data in data["areas"]:
        area, _created = CompetenceArea.objects.update_or_create(
            framework=framework,
            code=area_data["code"],
            defaults=_names(area_data),
        )
        for item in area_data["competences"]:
            Competence.objects.update_or_create(
                framework=framework,
                code=item["code"],
                defaults={"area": area, **_names(item)},
            )
            competence_count += 1
    for item in data.get("levels", []):
        Level.objects.update_or_create(
            framework=framework, level=item["level"], defaults=_level_fields(item)
        )
    stages = data.get("ladder", {}).get("stages", [])
    for item in stages:
        LadderStage.objects.update_or_create(
            code=item["code"],
            defaults={
                "min_level": item["min_level"],
                "max_level": item["max_level"],
                **_names(item),
            },
        )
    return {
        "framework": str(framework),
        "areas": len(data["areas"]),
        "competences": competence_count,
        "levels": len(data.get("levels", [])),
        "stages": len(stages),
    }


def _level_fields(item: dict) -> dict:
    """English descriptors, the Danish ones beside them where the file has them."""
    danish = item.get("da", {})
    fields = {key: item[key] for key in ("band", *DESCRIPTORS)}
    return fields | {f"{key}_da": danish.get(key, "") for key in DESCRIPTORS}


def _names(item: dict) -> dict:
    return {"name_da": item["name"]["da"], "name_en": item["name"]["en"]}


@transaction.atomic
def assessment_record(
    *,
    employee,
    competence: Competence,
    level: int,
    source: str,
    assessed_by=None,
    note: str = "",
    assessed_at: datetime | None = None,
    confirm_lowering: bool = False,
) -> Assessment:
    """Append an assessment. Authorization is the caller's job (see permissions).

    A validating assessment below the level that counts at its moment is
    refused unless ``confirm_lowering`` and a ``note`` say it is meant, on
    every channel (pages, API, admin); self-assessments never change the
    validated level, so they are never checked.
    """
    if not MIN_LEVEL <= int(level) <= MAX_LEVEL:
        raise ValidationError(
            {
                "level": _("Level must be between %(min)d and %(max)d.")
                % {"min": MIN_LEVEL, "max": MAX_LEVEL}
            },
            code="invalid_level",
        )
    if source not in Assessment.Source.values:
        raise ValidationError(
            {"source": _("Unknown assessment source.")}, code="invalid"
        )
    if assessed_at and assessed_at > timezone.now():
        raise ValidationError(
            {"assessed_at": _("An assessment cannot be dated in the future.")},
            code="invalid",
        )
    if not employee.is_active:
        raise ValidationError(
            _("%(name)s is no longer active and cannot be assessed.")
            % {"name": employee.name},
            code="employee_inactive",
        )
    if source != Assessment.Source.SELF:
        at = assessed_at or timezone.now()
        assessment_lowering_check(
            current=current_levels(employee=employee, at=at).get(
                competence.pk, (0, None)
            )[0],
            level=int(level),
            confirmed=confirm_lowering,
            note=note,
        )
    assessment = Assessment.objects.create(
        employee=employee,
        competence=competence,
        level=int(level),
        source=source,
        assessed_by=assessed_by,
        note=note,
        assessed_at=assessed_at or timezone.now(),
    )
    current.note([assessment])
    events.assessment_recorded.emit(assessment=assessment, actor=assessed_by)
    return assessment


@transaction.atomic
def assessments_record(*, assessments: list[Assessment], actor=None):
    """Append several prepared assessments at once (course completion): one
    insert, and ``assessment_recorded`` for each, as if recorded one by one."""
    created = Assessment.objects.bulk_create(assessments)
    current.note(created)
    for assessment in created:
        events.assessment_recorded.emit(assessment=assessment, actor=actor)
    return created


# --- The appraisal talk (MUS) -------------------------------------------------------
def assessment_lowering_check(
    *, current: int, level: int, confirmed: bool, note: str
) -> None:
    """A validated level is lowered only on purpose: confirmed, and with a note
    saying why (DESIGN §3 keeps the old level in the history either way)."""
    if level >= current:
        return
    if not confirmed:
        raise ValidationError(
            {
                "level": ValidationError(
                    _(
                        "This lowers the validated level from %(current)d to "
                        "%(level)d. Confirm that you mean it, and say why."
                    )
                    % {"current": current, "level": level},
                    code="lowering_unconfirmed",
                )
            }
        )
    if not (note or "").strip():
        raise ValidationError(
            {
                "note": ValidationError(
                    _("Say why the level is lowered."), code="note_required"
                )
            }
        )


@transaction.atomic
def assessment_conversation_record(
    *, employee, rows: list[dict], assessed_by
) -> list[Assessment]:
    """Record the levels a manager set in an appraisal talk, all or nothing.

    ``rows`` are dicts of ``competence``, ``level`` (None: the row was left
    alone and is not recorded), ``note`` and ``confirm_lowering``. A refused
    row refuses the whole talk; its errors are keyed ``<competence id>-<field>``.
    """
    chosen = [row for row in rows if row["level"] is not None]
    if not chosen:
        raise ValidationError(
            _("Choose a new level in at least one competence."), code="nothing_chosen"
        )
    levels_now = current_levels(employee=employee, at=timezone.now())
    errors = {}
    for row in chosen:
        try:
            assessment_lowering_check(
                current=levels_now.get(row["competence"].pk, (0, None))[0],
                level=row["level"],
                confirmed=row.get("confirm_lowering", False),
                note=row.get("note", ""),
            )
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                errors[f"{row['competence'].pk}-{field}"] = messages
    if errors:
        raise ValidationError(errors)
    return [
        assessment_record(
            employee=employee,
            competence=row["competence"],
            level=row["level"],
            source=Assessment.Source.MANAGER,
            assessed_by=assessed_by,
            note=row.get("note", ""),
            confirm_lowering=row.get("confirm_lowering", False),
        )
        for row in chosen
    ]


# --- Job role profiles ----------------------------------------------------------------
@transaction.atomic
def role_save(
    *,
    role: JobRole | None = None,
    municipality=None,
    name: str,
    description: str = "",
    profile: list[tuple[Competence, int]] | None = None,
) -> JobRole:
    """Create (without ``role``) or update a job role, and replace its profile
    when ``profile`` is given, as one write."""
    if role is None:
        role = organisation.role_create(
            municipality=municipality, name=name, description=description
        )
    else:
        organisation.role_update(role=role, name=name, description=description)
    if profile is not None:
        role_profile_set(role=role, profile=profile)
    return role


def role_profile_validate(*, profile: list[tuple[Competence, int]]) -> None:
    codes = [competence.pk for competence, _target in profile]
    if len(codes) != len(set(codes)):
        raise ValidationError(
            {"profile": _("A competence is listed twice.")}, code="duplicate_competence"
        )
    for _competence, target in profile:
        if not 1 <= int(target) <= MAX_LEVEL:
            raise ValidationError(
                {
                    "profile": _("A target level is between 1 and %(max)d.")
                    % {"max": MAX_LEVEL}
                },
                code="invalid_level",
            )


@transaction.atomic
def role_profile_set(*, role: JobRole, profile: list[tuple[Competence, int]]) -> None:
    """Replace the role's profile with (competence, target level) rows."""
    role_profile_validate(profile=profile)
    role.profile.all().delete()
    RoleCompetence.objects.bulk_create(
        RoleCompetence(role=role, competence=competence, target_level=int(target))
        for competence, target in profile
    )
    snapshot.forget_role(role.pk)  # bulk_create sends no signals
    # A caller's prefetched profile is stale now.
    getattr(role, "_prefetched_objects_cache", {}).pop("profile", None)
