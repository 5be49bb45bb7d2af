"""Open Badges 3.0 (DESIGN §11): issuers, their signing keys, achievements,
the badges awarded and the status lists that publish revocations.

A badge row is the award; its signed credential (``credential`` and ``jwt``)
is written once, after the award commits (see ``credentials.services``), and
never changed afterwards: revocation goes through the status list, hiding only
stops the public pages from showing it.
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# W3C Bitstring Status List: the minimum length, which gives herd privacy.
STATUS_LIST_LENGTH = 131_072


class Issuer(models.Model):
    """A municipality as an Open Badges issuer (its profile is published at
    /badges/issuers/<municipality id>/, with the municipality's name)."""

    municipality = models.OneToOneField(
        "employees.Department",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="+",
        limit_choices_to={"parent__isnull": True},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("badge issuer")
        verbose_name_plural = _("badge issuers")

    def __str__(self):
        return str(self.municipality)


class IssuerKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)


class IssuerKey(models.Model):
    """An RSA key pair of an issuer. The private key is stored encrypted (a
    JWE under CREDENTIALS_KEY_ENCRYPTION_KEY); a retired key signs nothing new
    but stays published, so the badges it signed stay verifiable."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys")
    key_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    public_jwk = models.JSONField(editable=False)
    private_jwe = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = IssuerKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("badge signing key")
        verbose_name_plural = _("badge signing keys")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer"],
                condition=Q(retired_at__isnull=True),
                name="one_active_key_per_issuer",
            ),
        ]

    def __str__(self):
        return f"{self.issuer_id}/{self.key_id}"


class Achievement(models.Model):
    """What a badge says was achieved: a course or a stage of the ladder."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        STAGE = "stage", _("Stage")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="achievements"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "course"],
                condition=Q(kind="course"),
                name="one_achievement_per_issuer_course",
            ),
            models.UniqueConstraint(
                fields=["issuer", "stage"],
                condition=Q(kind="stage"),
                name="one_achievement_per_issuer_stage",
            ),
            models.CheckConstraint(
                condition=Q(kind="course", course__isnull=False, stage="")
                | Q(kind="stage", course__isnull=True) & ~Q(stage=""),
                name="achievement_names_its_course_or_stage",
            ),
        ]

    def __str__(self):
        return f"{self.kind}:{self.course_id or self.stage}"


class StatusList(models.Model):
    """One W3C Bitstring Status List of an issuer (revocation).

    Its signed credential (``jwt``) is written when the list changes (a
    revocation) or is first published (its first badge signed), never when it
    is fetched: verifiers read the stored token."""

    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="status_lists"
    )
    number = models.PositiveIntegerField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    jwt = models.TextField(blank=True, editable=False)
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("badge status list")
        verbose_name_plural = _("badge status lists")
        ordering = ["issuer", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number"], name="status_list_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.issuer_id}/{self.number}"


class BadgeQuerySet(models.QuerySet):
    def public(self):
        """Badges the public pages show: not hidden by their holder."""
        return self.filter(hidden_at__isnull=True)


class Badge(models.Model):
    """An achievement awarded to an employee, and its signed credential."""

    # The random UUID is the badge's public address (122 random bits).
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.PROTECT,
        related_name="badges",
    )
    # PROTECT: a badge (above all a revoked one, whose status bit tells
    # verifiers so) outlives its holder's row; leavers are anonymised by
    # privacy.retention, which keeps their badges.
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="badges",
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrollment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    awarded_at = models.DateTimeField(_("awarded at"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    # The subject: a salted SHA-256 of the work e-mail, never the address.
    subject_id = models.UUIDField(default=uuid4, editable=False)
    identity_hash = models.CharField(max_length=80, blank=True, editable=False)
    identity_salt = models.CharField(max_length=40, blank=True, editable=False)
    status_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, related_name="badges", editable=False
    )
    status_index = models.PositiveIntegerField(editable=False)
    # Written once by badge_sign, then never changed.
    credential = models.JSONField(null=True, blank=True, editable=False)
    jwt = models.TextField(blank=True, editable=False)
    signed_with = models.ForeignKey(
        IssuerKey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BadgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["-awarded_at", "-id"]
        constraints = [
            # The referee that makes awarding idempotent, also when an event
            # is replayed or two transactions race.
            models.UniqueConstraint(
                fields=["employee", "achievement"], name="one_badge_per_achievement"
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="badge_status_slot"
            ),
            models.CheckConstraint(
                condition=Q(status_index__lt=STATUS_LIST_LENGTH),
                name="badge_status_index_in_list",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="badge_revocation_has_reason",
            ),
        ]

    def __str__(self):
        return str(self.uuid)

    def get_absolute_url(self):
        return reverse("badge_page", kwargs={"uuid": self.uuid})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, at=None) -> bool:
        return self.valid_until is not None and self.valid_until <= (
            at or timezone.now()
        )

    @property
    def state(self) -> str:
        """valid, revoked or expired: what the verification page says."""
        if self.is_revoked:
            return "revoked"
        if self.is_expired():
            return "expired"
        return "valid"
