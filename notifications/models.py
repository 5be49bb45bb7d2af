"""The outbox of notifications, each user's mail preferences and calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ENROLLMENT_REQUESTED = "enrollment_requested", _("Request to approve")
    ENROLLMENT_APPROVED = "enrollment_approved", _("Request approved")
    ENROLLMENT_REJECTED = "enrollment_rejected", _("Request rejected")
    ENROLLMENT_ENROLLED = "enrollment_enrolled", _("Enrolled")
    ENROLLMENT_WAITLISTED = "enrollment_waitlisted", _("Waitlisted")
    ENROLLMENT_PROMOTED = "enrollment_promoted", _("Moved up from the waitlist")
    ENROLLMENT_WITHDRAWN = "enrollment_withdrawn", _("Enrollment withdrawn")
    ENROLLMENT_COMPLETED = "enrollment_completed", _("Course completed")
    SESSION_CHANGED = "session_changed", _("Session moved")
    SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
    PRACTICE_TASK_SUBMITTED = "practice_task_submitted", _("Evidence to review")
    PRACTICE_TASK_APPROVED = "practice_task_approved", _("Practice task approved")
    PRACTICE_TASK_RETURNED = "practice_task_returned", _("Practice task returned")
    SESSION_REMINDER = "session_reminder", _("Reminder of a session")
    DEADLINE_REMINDER = "deadline_reminder", _("Reminder of an enrollment deadline")
    REQUIREMENT_DUE = "requirement_due", _("Requirement due")
    REQUIREMENT_OVERDUE = "requirement_overdue", _("Requirement overdue")
    DIGEST = "digest", _("Daily digest")


class State(models.TextChoices):
    """Where a notification's mail is; see notifications.delivery."""

    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NO_ADDRESS = "no_address", _("No address")
    IN_APP = "in_app", _("In the app only")
    DIGEST = "digest", _("Waiting for the daily digest")


class NotificationQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one person: shown in the app and, unless opted out or
    without an address, sent as one mail.

    ``recipient`` is the user who sees it in the app; a notification to an
    employee without a login has none and goes to ``employee``'s work address.
    ``employee`` is also the person a notification is about (a manager's
    request to approve names the employee), so the right of access and
    retention find every notification that names someone.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("about"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    # What the message is made from until the background task renders it
    # (notifications.rendering): a builder of notifications.messages and its
    # arguments, objects as references. Both are cleared once rendered.
    builder = models.CharField(max_length=60, blank=True)
    context = models.JSONField(null=True, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5)
    to_email = models.EmailField(_("address"), blank=True)
    # Unique per recipient: the same event never makes a second notification.
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Why the last attempt failed: an exception class or an SMTP code, never
    # the message, which may quote addresses.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    # Which preference the mail's List-Unsubscribe link turns off, if any.
    unsubscribe = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # An iCalendar (RFC 5545) attachment: the event of one enrollment.
    calendar = models.TextField(_("calendar"), blank=True)
    calendar_uid = models.CharField(max_length=200, blank=True)
    calendar_sequence = models.PositiveIntegerField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=Q(recipient__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["employee", "dedupe_key"],
                condition=Q(recipient__isnull=True),
                name="notification_once_per_employee",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | Q(employee__isnull=False),
                name="notification_has_a_recipient",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]),
                name="notification_state_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notification_inbox"
            ),
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["calendar_uid"], name="notification_calendar"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}: {self.state}"

    @property
    def heading(self) -> str:
        """The subject, or the kind until the background task has written it."""
        return self.subject or str(self.get_kind_display())


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Preferences(models.Model):
    """A user's language and which mails they want (DESIGN §8)."""

    class RequestsMail(models.TextChoices):
        EACH = "each", _("A mail for each")
        DAILY = "daily", _("One daily digest")
        NONE = "none", _("No mail, only in Kyndig")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    reminders = models.BooleanField(_("reminders"), default=True)
    requests_mail = models.CharField(
        _("requests and evidence to review"),
        max_length=5,
        choices=RequestsMail.choices,
        default=RequestsMail.EACH,
    )
    # Signed into unsubscribe links instead of the user's id, so a link names
    # nobody; random, so it cannot be guessed from anything else.
    mail_key = models.CharField(max_length=40, unique=True, default=new_key)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"#{self.user_id}"


class CalendarFeed(models.Model):
    """A personal calendar feed; only the hash of its secret is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    hashed_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"#{self.user_id}"
