from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


class Provider(models.Model):
    """An education partner (uddannelsespartner)."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("education partner")
        verbose_name_plural = _("education partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProviderAPIKey(AbstractAPIKey):
    """A partner's API key: hashed at rest, revocable, optionally expiring."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="api_keys"
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Course.Status.PUBLISHED, provider__is_active=True)


class Course(models.Model):
    class Mode(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")
        WORKPLACE = "workplace", _("At the workplace")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Language(models.TextChoices):
        DA = "da", _("Danish")
        EN = "en", _("English")

    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    external_id = models.CharField(_("external id"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("The value for staff and citizens.")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.DA
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    price_dkk = models.DecimalField(
        _("price (DKK)"), max_digits=10, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    practice_task = models.TextField(
        _("practice task"), blank=True, help_text=_("Empty means the course has none.")
    )
    # Courses that teach the same: each satisfies prerequisites and
    # requirements naming the other (DESIGN §9).
    equivalents = models.ManyToManyField(
        "self", verbose_name=_("equivalent courses"), blank=True, symmetrical=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"], name="course_external_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0), name="course_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(price_dkk__gte=0), name="course_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "archived"]),
                name="course_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(mode__in=["classroom", "online", "blended", "workplace"]),
                name="course_mode_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_practice_task(self) -> bool:
        return bool(self.practice_task.strip())


class CourseOutcome(models.Model):
    """What a course moves an employee from and to in one competence."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="outcomes"
    )
    competence = models.ForeignKey(
        "competences.Competence", verbose_name=_("competence"), on_delete=models.PROTECT
    )
    from_level = models.PositiveSmallIntegerField(_("from level"))
    to_level = models.PositiveSmallIntegerField(_("to level"))

    class Meta:
        verbose_name = _("course outcome")
        verbose_name_plural = _("course outcomes")
        ordering = ["competence__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competence"], name="course_outcome_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    from_level__gte=0, to_level__lte=8, to_level__gt=F("from_level")
                ),
                name="course_outcome_raises_level",
            ),
        ]

    def __str__(self):
        return f"{self.competence_id}: {self.from_level}→{self.to_level}"


class CoursePrerequisite(models.Model):
    """What an employee must have before a course: another course (or one of
    its equivalents) completed, or a minimum current level in a competence."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="prerequisites"
    )
    required_course = models.ForeignKey(
        Course,
        verbose_name=_("required course"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    min_level = models.PositiveSmallIntegerField(_("minimum level"), null=True)

    class Meta:
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    required_course__isnull=False,
                    competence__isnull=True,
                    min_level__isnull=True,
                )
                | Q(
                    required_course__isnull=True,
                    competence__isnull=False,
                    min_level__gte=1,
                    min_level__lte=8,
                ),
                name="prerequisite_course_or_level",
            ),
        ]

    def __str__(self):
        if self.required_course_id:
            return f"{self.course_id} needs course {self.required_course_id}"
        return f"{self.course_id} needs {self.competence_id} ≥ {self.min_level}"


class PrerequisiteOverride(models.Model):
    """HR placed someone who misses a prerequisite, and said why (audited)."""

    enrollment = models.OneToOneField(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="override"
    )
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"))
    missing = models.JSONField(_("missing"), default=list)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("prerequisite override")
        verbose_name_plural = _("prerequisite overrides")

    def __str__(self):
        return f"{self.enrollment_id}"


class CourseSessionQuerySet(models.QuerySet):
    def open_for_enrollment(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_cancelled=False, starts_at__gt=timezone.now()).filter(
            Q(enrollment_deadline__isnull=True) | Q(enrollment_deadline__gte=today)
        )


class WaitlistOrder(models.TextChoices):
    FIFO = "fifo", _("First come, first served")
    NEED = "need", _("By need")


class CourseSession(models.Model):
    WaitlistOrder = WaitlistOrder

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    # Copied from the course so external ids can be unique per provider in the
    # database itself.
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    external_id = models.CharField(_("external id"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=300, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"))
    enrollment_deadline = models.DateField(
        _("enrollment deadline"), null=True, blank=True
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    waitlist_order = models.CharField(
        _("waitlist order"),
        max_length=4,
        choices=WaitlistOrder.choices,
        default=WaitlistOrder.FIFO,
        db_default=WaitlistOrder.FIFO,
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = CourseSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"], name="session_external_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="session_capacity_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.course} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.course_id and not self.provider_id:
            self.provider_id = Course.objects.values_list("provider_id", flat=True).get(
                pk=self.course_id
            )
        super().save(*args, **kwargs)


class EnrollmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# An employee holds at most one enrollment in these states per course.
LIVE_STATUSES = (
    EnrollmentStatus.REQUESTED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.ATTENDED,
)


# Statuses that hold (or held) one of the session's seats: the one
# definition the services place people by and the pages count free seats by.
SEAT_STATUSES = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.ATTENDED,
    EnrollmentStatus.NO_SHOW,
    EnrollmentStatus.COMPLETED,
)
# A session's seats taken, as a filter on its enrollments (for annotations).
SEATED = Q(enrollments__status__in=SEAT_STATUSES)


class EnrollmentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=LIVE_STATUSES)


class Enrollment(models.Model):
    Status = EnrollmentStatus

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    # Copied from the session so the one-live-enrollment rule is a database
    # constraint.
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrollmentStatus.choices
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Set when the enrollment joins the waitlist: the queue is first in, first out.
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    attendance_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # The manager's reason for a rejection, told to the employee. The database
    # default serves the set-based writers (the national data set).
    decision_note = models.TextField(
        _("reason for the decision"), blank=True, default="", db_default=""
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "course"],
                condition=Q(status__in=[s.value for s in LIVE_STATUSES]),
                name="one_live_enrollment_per_course",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in EnrollmentStatus]),
                name="enrollment_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["session", "status"], name="enrollment_session_status"
            ),
            models.Index(
                fields=["status", "completed_at"], name="enrollment_completed"
            ),
        ]

    def __str__(self):
        return f"{self.employee_id} @ {self.session_id}: {self.status}"

    def save(self, *args, **kwargs):
        if self.session_id and not self.course_id:
            self.course_id = CourseSession.objects.values_list(
                "course_id", flat=True
            ).get(pk=self.session_id)
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def practice_task_verified(self) -> bool:
        """The course has no practice task, or the manager approved one
        submission: what completion (and a course badge) requires."""
        if not self.course.has_practice_task:
            return True
        return self.practice_tasks.filter(
            status=PracticeTaskSubmission.Review.APPROVED
        ).exists()


class PracticeTaskSubmission(models.Model):
    """Evidence that the practice task was done in the employee's own job."""

    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    # Whose evidence it is: the enrollment's employee for a course's task; a
    # roll-out campaign's try (DESIGN §9) has no enrollment and names its
    # task in ``task_title``. The review rule reads this field for both.
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="practice_tasks",
        null=True,
        blank=True,
    )
    task_title = models.CharField(
        _("task"), max_length=200, blank=True, default="", db_default=""
    )
    evidence = models.TextField(_("evidence"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=Review.choices,
        default=Review.SUBMITTED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("practice task submission")
        verbose_name_plural = _("practice task submissions")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # A returned submission may be followed by a new one; otherwise one
            # submission is under review or approved at a time.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status__in=["submitted", "approved"]),
                name="one_open_practice_task_per_enrollment",
            ),
            # A course's task names its enrollment; a task without one names
            # what it belongs to.
            models.CheckConstraint(
                condition=Q(enrollment__isnull=False) | ~Q(task_title=""),
                name="practice_task_names_its_task",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "reviewed_at"], name="practice_task_review")
        ]

    def __str__(self):
        return f"{self.employee_id}: {self.status}"

    @property
    def title(self) -> str:
        """The course's title, or the task's own for a submission without an
        enrollment."""
        if self.enrollment_id is not None:
            return self.enrollment.session.course.title
        return self.task_title
