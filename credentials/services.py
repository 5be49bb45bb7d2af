"""Writes of the credentials app: award, sign, revoke and hide badges.

Awarding and signing are two steps, on purpose:

- ``badge_award`` runs inside the transaction of the change that earned the
  badge (an in-transaction subscriber, see ``credentials.subscribers``). It
  writes only the award row, so the badge commits or rolls back with the
  completion or assessment, and the unique (employee, achievement) constraint
  together with the check here makes replaying an event award nothing twice.
- ``badge_sign`` builds and signs the credential after the award has
  committed (a background task, ``credentials.tasks``), and again on demand
  when a badge is fetched unsigned. Signing needs the private key and the
  key-encryption key from the environment; a missing or wrong one must not
  undo a manager's completion or assessment, and signing is idempotent (a
  signed badge is never signed again), so a retry or a second worker is
  harmless.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from credentials import events
from credentials.documents import credential_document
from credentials.keys import key_active
from credentials.models import Achievement, Badge, Issuer
from credentials.signing import sign
from credentials.status import slot_take, status_list_publish, status_list_sign

# The stage whose first reaching earns a badge (DESIGN §11).
PROFICIENT_STAGE = "technology_proficient"


def identity_hash(email: str, salt: str) -> str:
    """An Open Badges IdentityHash: ``sha256$`` and the hex digest of the
    address and the salt. Addresses are compared trimmed and in lower case,
    so a verifier hashes the address the same way."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8"))
    return "sha256$" + digest.hexdigest()


def issuer_for(municipality) -> Issuer:
    issuer, _created = Issuer.objects.get_or_create(municipality=municipality)
    return issuer


def achievement_for(*, issuer: Issuer, course=None, stage: str = "") -> Achievement:
    if course is not None:
        achievement, _created = Achievement.objects.get_or_create(
            issuer=issuer, kind=Achievement.Kind.COURSE, course=course
        )
    else:
        achievement, _created = Achievement.objects.get_or_create(
            issuer=issuer, kind=Achievement.Kind.STAGE, stage=stage
        )
    return achievement


@transaction.atomic
def badge_award(
    *,
    employee,
    awarded_at: datetime,
    course=None,
    stage: str = "",
    enrollment=None,
    actor=None,
) -> Badge | None:
    """Award the course's (or the stage's) badge to ``employee``, once.

    Answers the new badge, or None when the employee already holds it.
    """
    issuer = issuer_for(employee.municipality)
    achievement = achievement_for(issuer=issuer, course=course, stage=stage)
    if Badge.objects.filter(employee=employee, achievement=achievement).exists():
        return None
    badge = Badge(
        achievement=achievement,
        employee=employee,
        enrollment=enrollment,
        awarded_at=awarded_at,
        valid_until=_valid_until(awarded_at),
    )
    if employee.work_email.strip():
        badge.identity_salt = secrets.token_urlsafe(16)
        badge.identity_hash = identity_hash(employee.work_email, badge.identity_salt)
    try:
        slot_take(badge, issuer)
    except IntegrityError:
        # A concurrent transaction awarded it first: the constraint decides.
        return None
    events.badge_issued.emit(badge=badge, actor=actor)
    return badge


def _valid_until(awarded_at: datetime) -> datetime | None:
    days = settings.CREDENTIALS_VALID_DAYS
    return awarded_at + timedelta(days=days) if days > 0 else None


@transaction.atomic
def badge_sign(*, badge: Badge) -> Badge:
    """Build and sign the badge's credential, unless it is signed already."""
    if badge.jwt:
        return badge
    badge = (
        Badge.objects.select_related(
            "achievement__issuer__municipality",
            "achievement__course__provider",
            "status_list",
        )
        .select_for_update(of=("self",))
        .get(pk=badge.pk)
    )
    if badge.jwt:
        return badge
    # The list the credential points to is published before the credential.
    status_list_publish(status_list=badge.status_list)
    key = key_active(issuer=badge.achievement.issuer)
    badge.credential = credential_document(badge)
    badge.jwt = sign(badge.credential, key)
    badge.signed_with = key
    badge.save(update_fields=["credential", "jwt", "signed_with"])
    return badge


@transaction.atomic
def badge_revoke(*, badge: Badge, revoked_by, reason: str) -> Badge:
    """Revoke a badge for good, with the reason (HR; the caller checks who)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give a reason."), code="required")}
        )
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.is_revoked:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("The badge is already revoked."), code="already_revoked"
                )
            }
        )
    badge.revoked_at = timezone.now()
    badge.revoked_by = revoked_by
    badge.revocation_reason = reason
    badge.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    # Published with the revocation: if signing fails, nothing is revoked.
    status_list_sign(status_list=badge.status_list)
    events.badge_revoked.emit(badge=badge, actor=revoked_by)
    return badge


@transaction.atomic
def badge_hide(*, badge: Badge, hidden: bool) -> Badge:
    """Hide a badge from the public pages, or show it again (its holder)."""
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if hidden != (badge.hidden_at is not None):
        badge.hidden_at = timezone.now() if hidden else None
        badge.save(update_fields=["hidden_at"])
    return badge
