"""The JSON documents Kyndig publishes for badges (Open Badges 3.0 on the W3C
Verifiable Credentials Data Model 2.0): the credential, its achievement in
Danish and English editions, the issuer profile and the status list.

Open Badges 3.0 names and descriptions are single strings, so an achievement is
published once per language; the credential carries the Danish edition and
points to the English one with ``related`` (the specification's way to name
"alternate language editions").
"""

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from api.links import absolute_url
from competences.ladder import ladder
from competences.models import Framework
from credentials.models import Achievement, Badge, Issuer, StatusList

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json"
)
LANGUAGES = ("da", "en")
PRIMARY_LANGUAGE = "da"


def timestamp(value: datetime) -> str:
    """An XML Schema dateTime in UTC, to the second (JWT dates are seconds)."""
    return (
        value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )


def url(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


# --- The issuer ---------------------------------------------------------------
def issuer_id(issuer: Issuer) -> str:
    return url("badge_issuer", issuer=issuer.pk)


def issuer_profile(issuer: Issuer) -> dict:
    profile = {
        "id": issuer_id(issuer),
        "type": ["Profile"],
        "name": issuer.municipality.name,
        # Not an Open Badges term: where the issuer's public keys are (the
        # name OAuth and OpenID metadata use), for verifiers that start from
        # the credential rather than the JWT header.
        "jwks_uri": url("badge_issuer_jwks", issuer=issuer.pk),
    }
    return profile


# --- Achievements -----------------------------------------------------------------
def achievement_id(achievement: Achievement, language: str) -> str:
    return url("badge_achievement", uuid=achievement.uuid, language=language)


def achievement_document(achievement: Achievement, language: str) -> dict:
    """One language edition of an achievement."""
    with translation.override(language):
        if achievement.kind == Achievement.Kind.COURSE:
            texts = _course_texts(achievement.course)
        else:
            texts = _stage_texts(achievement.stage, language)
    document = {
        "id": achievement_id(achievement, language),
        "type": ["Achievement"],
        "inLanguage": language,
        "creator": issuer_profile(achievement.issuer),
        **texts,
        "related": [
            {
                "id": achievement_id(achievement, other),
                "type": ["Related"],
                "inLanguage": other,
            }
            for other in LANGUAGES
            if other != language
        ],
    }
    return document


def achievement_name(achievement: Achievement, language: str) -> str:
    if achievement.kind == Achievement.Kind.COURSE:
        return achievement.course.title
    stage = next(stage for stage in ladder() if stage.code == achievement.stage)
    return stage.name_en if language == "en" else stage.name_da


def _course_texts(course) -> dict:
    if course.has_practice_task:
        criteria = _(
            "Took part in the course and did its practice task in their own "
            "job, verified by their manager. The practice task: %(task)s"
        ) % {"task": course.practice_task.strip()}
    else:
        criteria = _("Took part in the course and completed it.")
    description = (
        course.description.strip()
        or course.purpose.strip()
        or _("The course “%(title)s” from %(provider)s.")
        % {"title": course.title, "provider": course.provider.name}
    )
    return {
        "achievementType": "Course",
        "name": course.title,
        "description": description,
        "criteria": {"narrative": criteria},
        "alignment": [_alignment(outcome.competence) for outcome in _outcomes(course)],
    }


def _outcomes(course):
    return course.outcomes.select_related("competence__framework").order_by(
        "competence__code"
    )


def _alignment(competence) -> dict:
    framework = competence.framework
    return {
        "type": ["Alignment"],
        "targetType": "ceasn:Competency",
        "targetFramework": _framework_name(framework),
        "targetCode": competence.code,
        "targetName": f"{competence.code} {competence.name}",
        "targetUrl": url("competence-detail", pk=competence.pk),
    }


def _framework_name(framework: Framework) -> str:
    return "DigComp 2.2" if framework.code == "digcomp" else str(framework)


def _stage_texts(code: str, language: str) -> dict:
    stage = next(stage for stage in ladder() if stage.code == code)
    framework = Framework.objects.order_by("-version").filter(code="digcomp").first()
    name = stage.name_en if language == "en" else stage.name_da
    texts = {
        "achievementType": "Competency",
        "name": name,
        "description": _(
            "The employee's digital competences, validated against DigComp 2.2, "
            "reached the stage “%(stage)s” on the ladder from technology user "
            "to technology-proficient."
        )
        % {"stage": name},
        "criteria": {
            "narrative": _(
                "The overall level reached %(level)d or more: the mean of the "
                "current levels over the competences of the employee's job role "
                "(or, without a role, those they have a level in), rounded down. "
                "A current level is the newest one validated by a manager, a "
                "course or an education partner within the validity period; "
                "self-assessments do not count."
            )
            % {"level": stage.min_level}
        },
    }
    if framework is not None:
        texts["alignment"] = [
            {
                "type": ["Alignment"],
                "targetType": "ext:Framework",
                "targetFramework": _framework_name(framework),
                "targetName": (
                    framework.name_en if language == "en" else framework.name_da
                ),
                "targetUrl": url("framework-detail", pk=framework.pk),
            }
        ]
    return texts


# --- The credential ---------------------------------------------------------------
def badge_id(badge: Badge) -> str:
    return url("badge_json", uuid=badge.uuid)


def status_list_id(status_list: StatusList) -> str:
    return url(
        "badge_status_list",
        issuer=status_list.issuer_id,
        number=status_list.number,
    )


def credential_document(badge: Badge) -> dict:
    """The badge's OpenBadgeCredential, without proof (the JWT is the proof)."""
    achievement = badge.achievement
    edition = achievement_document(achievement, PRIMARY_LANGUAGE)
    subject = {
        "id": f"urn:uuid:{badge.subject_id}",
        "type": ["AchievementSubject"],
        "achievement": edition,
    }
    if badge.identity_hash:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": badge.identity_hash,
                "identityType": "emailAddress",
                "salt": badge.identity_salt,
            }
        ]
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": badge_id(badge),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": edition["name"],
        "issuer": issuer_profile(achievement.issuer),
        "validFrom": timestamp(badge.awarded_at),
        "awardedDate": timestamp(badge.awarded_at),
        "credentialSubject": subject,
        "credentialStatus": _status_entry(badge),
        "credentialSchema": [
            {"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}
        ],
    }
    if badge.valid_until is not None:
        document["validUntil"] = timestamp(badge.valid_until)
    return document


def _status_entry(badge: Badge) -> dict:
    list_url = status_list_id(badge.status_list)
    return {
        "id": f"{list_url}#{badge.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(badge.status_index),
        "statusListCredential": list_url,
    }


def status_list_document(status_list: StatusList, *, encoded: str, valid_from) -> dict:
    list_url = status_list_id(status_list)
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(status_list.issuer),
        "validFrom": timestamp(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }
