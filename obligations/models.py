"""Requirements and technology roll-out campaigns (DESIGN §9).

Both name an audience: department subtrees and/or job roles of one
municipality, optionally managers only. Who is in it, and each person's status,
is computed when asked (``obligations.status``), never stored, so a move,
a new hire or a lapsed level is seen without a write.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competences.models import MAX_LEVEL
from courses.models import PracticeTaskSubmission


class Audience(models.Model):
    """Who a requirement or campaign is for."""

    municipality = models.ForeignKey(
        "employees.Department",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    departments = models.ManyToManyField(
        "employees.Department",
        verbose_name=_("departments"),
        blank=True,
        related_name="+",
        help_text=_("Each with its whole subtree."),
    )
    job_roles = models.ManyToManyField(
        "employees.JobRole", verbose_name=_("job roles"), blank=True, related_name="+"
    )
    managers_only = models.BooleanField(_("managers only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Requirement(Audience):
    """An audience must meet something by a due date, perhaps again and again."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Complete one of the courses")
        LEVEL = "level", _("Reach a level in a competence")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("what must be met"), max_length=10, choices=Kind.choices)
    courses = models.ManyToManyField(
        "courses.Course",
        verbose_name=_("courses"),
        blank=True,
        related_name="+",
        help_text=_("Any one of them (or an equivalent) meets the requirement."),
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    min_level = models.PositiveSmallIntegerField(
        _("minimum level"), null=True, blank=True
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    due_days = models.PositiveIntegerField(
        _("due days after joining"),
        null=True,
        blank=True,
        help_text=_("Each person is due this many days after joining the audience."),
    )
    # Relative due dates count from the later of a person's employment start
    # and this date, so a new rule does not make everyone overdue at once.
    effective_from = models.DateField(_("counts from"), default=timezone.localdate)
    recurrence_months = models.PositiveSmallIntegerField(
        _("valid for months"),
        null=True,
        blank=True,
        help_text=_("A completion counts this many months; empty means for good."),
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="course")
                | Q(kind="level", min_level__gte=1, min_level__lte=MAX_LEVEL),
                name="requirement_level_1_8",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=False) | Q(due_days__isnull=False),
                name="requirement_has_due",
            ),
        ]

    def __str__(self):
        return self.name

    def get_page_url(self):
        return reverse("requirement_detail", args=[self.pk])


class Exemption(models.Model):
    """HR exempts one person from one requirement, with a reason (audited)."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="exemptions"
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "employee"], name="one_exemption_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.requirement_id}: {self.employee_id}"


class DueNotice(models.Model):
    """That ``requirement_due`` or ``requirement_overdue`` went out for one
    person and due date: the daily command emits each once."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="+"
    )
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField()
    kind = models.CharField(max_length=10)  # "due" or "overdue"
    emitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "employee", "due_on", "kind"],
                name="one_due_notice",
            ),
        ]

    def __str__(self):
        return f"{self.requirement_id}: {self.employee_id} {self.kind} {self.due_on}"


class Campaign(Audience):
    """A technology roll-out: everyone in the audience tries it in their work."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    practice_task = models.TextField(_("practice task"))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_page_url(self):
        return reverse("campaign_detail", args=[self.pk])


class CampaignTry(models.Model):
    """A person's try of a campaign: the campaign and the practice-task
    evidence (``courses.PracticeTaskSubmission``, without an enrollment) that
    holds what they did and its review. The evidence is reviewed at the §5.1
    practice-task endpoints, by the courses' review rule; a try counts as
    tried when its evidence is approved."""

    Review = PracticeTaskSubmission.Review

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="tries"
    )
    submission = models.OneToOneField(
        "courses.PracticeTaskSubmission",
        verbose_name=_("practice task"),
        on_delete=models.CASCADE,
        related_name="campaign_try",
    )

    class Meta:
        verbose_name = _("campaign try")
        verbose_name_plural = _("campaign tries")
        ordering = ["-submission__submitted_at", "-id"]

    def __str__(self):
        return f"{self.campaign_id}: {self.submission_id}"

    # What the evidence says, read through the link (templates and serializers).
    @property
    def employee(self):
        return self.submission.employee

    @property
    def employee_id(self):
        return self.submission.employee_id

    @property
    def evidence(self):
        return self.submission.evidence

    @property
    def status(self):
        return self.submission.status

    def get_status_display(self):
        return self.submission.get_status_display()

    @property
    def submitted_at(self):
        return self.submission.submitted_at

    @property
    def reviewed_at(self):
        return self.submission.reviewed_at

    @property
    def review_note(self):
        return self.submission.review_note
