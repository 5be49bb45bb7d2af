"""Kompetencefond co-financing (DESIGN §12): the fund's rules and applications.

Money is ``Decimal`` with two places throughout, never float. An application's
amounts are computed by ``funding.rules`` from the rule in force on its date and
written by ``funding.services``; nothing else sets them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from courses.models import EnrollmentStatus

MONEY = {"max_digits": 12, "decimal_places": 2}


class EducationKind(models.TextChoices):
    """Kinds of education the fund caps differently."""

    COURSE = "course", _("Course or further education")
    MASTERS = "masters", _("Master's programme")


class Agreement(models.Model):
    """A collective agreement (overenskomst). The fund may cover staff under
    some agreements only; an employee's agreement follows their job role."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    job_roles = models.ManyToManyField(
        "employees.JobRole",
        verbose_name=_("job roles"),
        blank=True,
        related_name="fund_agreements",
        help_text=_("The job roles employed under this agreement."),
    )

    class Meta:
        verbose_name = _("collective agreement")
        verbose_name_plural = _("collective agreements")
        ordering = ["name"]

    def __str__(self):
        return self.name


class FundRuleQuerySet(models.QuerySet):
    def in_force(self, *, kind: str, on):
        """Rules for ``kind`` valid on the date ``on`` (at most one: rules of a
        kind never overlap, see ``funding.services.fund_rule_validate``)."""
        return self.filter(education_kind=kind, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class FundRule(models.Model):
    """The fund's terms for one kind of education over a period of validity.

    The fund's rules change (each collective bargaining round may change them),
    so they are data: a new rule from a date, the old one closed the day before.
    """

    education_kind = models.CharField(
        _("kind of education"), max_length=10, choices=EducationKind.choices
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("The last day the rule applies; empty until further notice."),
    )
    percentage = models.DecimalField(
        _("share of the costs (%)"), max_digits=5, decimal_places=2
    )
    cap = models.DecimalField(
        _("cap per employee (DKK)"),
        **MONEY,
        help_text=_("The most the fund pays per employee within the cap period."),
    )
    cap_months = models.PositiveSmallIntegerField(
        _("cap period (months)"),
        default=12,
        help_text=_(
            "Granted amounts within this many months of an application's date, "
            "before or after, count against the cap."
        ),
    )
    eligible_agreements = models.ManyToManyField(
        Agreement,
        verbose_name=_("eligible agreements"),
        blank=True,
        related_name="rules",
        help_text=_("Empty: staff under every agreement are eligible."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = FundRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund rule")
        verbose_name_plural = _("fund rules")
        ordering = ["education_kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="fund_rule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(percentage__gt=0, percentage__lte=100),
                name="fund_rule_percentage_range",
            ),
            models.CheckConstraint(
                condition=Q(cap__gte=0), name="fund_rule_cap_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(cap_months__gte=1), name="fund_rule_cap_months_positive"
            ),
            models.CheckConstraint(
                condition=Q(education_kind__in=EducationKind.values),
                name="fund_rule_kind_valid",
            ),
        ]

    def __str__(self):
        until = self.valid_to.isoformat() if self.valid_to else "…"
        return (
            f"{self.get_education_kind_display()} {self.valid_from.isoformat()}–"
            f"{until}: {self.percentage} %"
        )


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Paid")


class Role(models.TextChoices):
    """Who signs an application, in the order they sign."""

    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    UNION_REP = "union_rep", _("Union representative")


# Enrollments one may apply for: a place asked for or held, not yet begun.
OPEN_ENROLLMENT = (
    EnrollmentStatus.REQUESTED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
)
# Applications sent to the fund: they count as applied for in the figures.
SENT_STATES = (State.SUBMITTED, State.GRANTED, State.REFUSED, State.PAID)
# Applications whose amounts the fund has granted (and counted against the cap).
GRANTED_STATES = (State.GRANTED, State.PAID)


class FundApplication(models.Model):
    """An application for co-financing of one course, for one employee or a
    group on the same course (one line per participant).

    Costs are per participant; each participant's amount is the rule's share
    of them, and the application's amounts are the sums over its lines.
    """

    State = State

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    education_kind = models.CharField(
        _("kind of education"),
        max_length=10,
        choices=EducationKind.choices,
        default=EducationKind.COURSE,
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    # Whose signature the application waits for; empty once all have signed.
    awaiting = models.CharField(
        _("waiting for"),
        max_length=10,
        choices=Role.choices,
        blank=True,
        default=Role.EMPLOYEE,
    )
    applied_on = models.DateField(
        _("application date"),
        help_text=_("The rules in force on this date apply."),
    )
    rule = models.ForeignKey(
        FundRule,
        verbose_name=_("fund rule"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    percentage = models.DecimalField(
        _("share of the costs (%)"), max_digits=5, decimal_places=2
    )
    fee = models.DecimalField(_("course fee"), **MONEY)
    materials = models.DecimalField(_("materials"), **MONEY, default=0)
    transport = models.DecimalField(_("transport"), **MONEY, default=0)
    amount_applied = models.DecimalField(_("amount applied for"), **MONEY)
    workplace_share = models.DecimalField(_("workplace share"), **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0, materials__gte=0, transport__gte=0),
                name="fund_application_costs_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_applied__gte=0, workplace_share__gte=0),
                name="fund_application_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values),
                name="fund_application_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "awaiting"], name="fund_application_todo"),
            models.Index(fields=["applied_on"], name="fund_application_date"),
        ]

    def __str__(self):
        # No names: the audit trail and the admin's history show this.
        return f"#{self.pk}"

    @property
    def costs_per_participant(self):
        return self.fee + self.materials + self.transport


class FundApplicationLine(models.Model):
    """One participant of an application: their enrollment and their amounts."""

    application = models.ForeignKey(
        FundApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrollment"),
        on_delete=models.PROTECT,
        related_name="fund_lines",
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="fund_lines",
    )
    # Where the money was applied for: the figures count it here even if the
    # employee moves department later.
    department = models.ForeignKey(
        "employees.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount applied for"), **MONEY)
    workplace_share = models.DecimalField(_("workplace share"), **MONEY)
    # False once the application is refused: the enrollment may be applied
    # for again.
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["application", "id"]
        constraints = [
            # The referee when two applications for one enrollment race; the
            # services check first for a clear message.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(is_open=True),
                name="one_open_fund_application_per_enrollment",
            ),
            models.UniqueConstraint(
                fields=["application", "employee"],
                name="fund_application_employee_once",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, workplace_share__gte=0),
                name="fund_line_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return f"#{self.application_id}/{self.pk}"


class FundSignature(models.Model):
    """A signature in Kyndig: the employee (each participant), their manager
    and a union representative, with the name as signed and the time."""

    Role = Role

    application = models.ForeignKey(
        FundApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    # For an employee's signature: the participant who signed.
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_signatures",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["application", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "employee"],
                condition=Q(role="employee"),
                name="fund_signature_once_per_participant",
            ),
            models.UniqueConstraint(
                fields=["application", "role"],
                condition=~Q(role="employee"),
                name="fund_signature_once_per_role",
            ),
            models.CheckConstraint(
                condition=Q(role="employee", employee__isnull=False)
                | (~Q(role="employee") & Q(employee__isnull=True)),
                name="fund_signature_employee_for_employee_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="fund_signature_role_valid"
            ),
        ]

    def __str__(self):
        # No name: the audit trail keeps this text.
        return f"#{self.application_id} {self.role}"
