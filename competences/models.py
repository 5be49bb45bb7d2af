from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MIN_LEVEL = 0
MAX_LEVEL = 8


class BilingualName(models.Model):
    """Danish and English names; ``name`` picks the active language."""

    name_da = models.CharField(_("name (Danish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        language = get_language() or "da"
        return self.name_en if language.startswith("en") else self.name_da


class Framework(BilingualName):
    code = models.SlugField(_("code"), max_length=50)
    version = models.CharField(_("version"), max_length=20)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.version}"


class CompetenceArea(BilingualName):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="areas"
    )
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Competence(BilingualName):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="competences"
    )
    area = models.ForeignKey(
        CompetenceArea, on_delete=models.CASCADE, related_name="competences"
    )
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="competence_unique"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


DESCRIPTORS = ("complexity", "autonomy", "cognitive")


class Level(models.Model):
    """A proficiency level of a framework with its DigComp descriptors."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    band = models.CharField(_("band"), max_length=40)
    complexity = models.CharField(_("complexity of tasks"), max_length=200)
    autonomy = models.CharField(_("autonomy"), max_length=200)
    cognitive = models.CharField(_("cognitive domain"), max_length=100)
    # The framework's Danish wording beside the English above (the API's).
    complexity_da = models.CharField(
        _("complexity of tasks (Danish)"), max_length=200, blank=True
    )
    autonomy_da = models.CharField(_("autonomy (Danish)"), max_length=200, blank=True)
    cognitive_da = models.CharField(
        _("cognitive domain (Danish)"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["framework", "level"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="level_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=MAX_LEVEL), name="level_1_8"
            ),
        ]

    def __str__(self):
        return f"{self.framework} {self.level}"

    def descriptors(self) -> dict[str, str]:
        """Complexity, autonomy and cognitive domain in the active language
        (English where the framework has no Danish wording)."""
        danish = not (get_language() or "da").startswith("en")
        return {
            key: (getattr(self, f"{key}_da") if danish else "") or getattr(self, key)
            for key in DESCRIPTORS
        }


class LadderStage(BilingualName):
    """A stage of the ladder from technology user to digital champion.

    The ladder is the product's own mapping of levels onto stages; stage codes
    are stable identifiers used by the API and reports.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    min_level = models.PositiveSmallIntegerField(_("lowest level"))
    max_level = models.PositiveSmallIntegerField(_("highest level"))

    class Meta:
        verbose_name = _("ladder stage")
        verbose_name_plural = _("ladder")
        ordering = ["min_level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    min_level__lte=models.F("max_level"), max_level__lte=MAX_LEVEL
                ),
                name="ladder_stage_range",
            )
        ]

    def __str__(self):
        return self.code


class RoleCompetence(models.Model):
    """One row of a job role's competence profile: a competence and its target.

    The role is the organisation's (employees); what it asks of competences is
    this app's.
    """

    role = models.ForeignKey(
        "employees.JobRole", on_delete=models.CASCADE, related_name="profile"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.PROTECT
    )
    target_level = models.PositiveSmallIntegerField(_("target level"))

    class Meta:
        verbose_name = _("profile competence")
        verbose_name_plural = _("competence profile")
        # Created by the employees app before profiles moved here; the name
        # stays, so the data does.
        db_table = "employees_rolecompetence"
        ordering = ["competence__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "competence"], name="role_competence_unique"
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=MAX_LEVEL),
                name="role_competence_target_1_8",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.competence_id} ≥ {self.target_level}"


class AssessmentQuerySet(models.QuerySet):
    def validating(self):
        return self.exclude(source=Assessment.Source.SELF)


class Assessment(models.Model):
    """One judgement of an employee's level. Append-only: corrections are new rows."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-assessment")
        MANAGER = "manager", _("Manager")
        COURSE = "course", _("Course")
        PARTNER = "partner", _("Education partner")

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField(_("level"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                name="assessment_level_0_8",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["self", "manager", "course", "partner"]),
                name="assessment_source_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["employee", "competence", "assessed_at"],
                name="assessment_history",
            ),
            # The levels at a period's start: the validated history of each
            # pair, in order and with the level, so PostgreSQL answers from
            # the index alone (INCLUDE is PostgreSQL's; SQLite ignores it).
            models.Index(
                fields=["employee", "competence", "assessed_at", "id"],
                include=["level"],
                condition=~Q(source="self"),
                name="validated_history",
            ),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.competence_id}={self.level} ({self.source})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Assessments are append-only; record a new one instead.")
        super().save(*args, **kwargs)


class CurrentLevel(models.Model):
    """Each employee's newest validated assessment in each competence (and
    the two before it).

    The assessment history answers "which level, as of when" for any moment;
    this table answers it for now, which most figures ask, without ranking
    millions of history rows. The services that record assessments keep it up
    to date in their transaction (``competences.levels.current``);
    ``manage.py rebuild_current_levels`` rebuilds and verifies it.

    Whether a level still counts is decided when it is read, from
    ``assessed_at`` and COMPETENCE_VALIDITY_DAYS: a level lapses at midnight
    without a write, and a changed validity setting applies at once.
    """

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="+"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField()
    assessed_at = models.DateTimeField()
    # The assessment it comes from: a later-dated one replaces it, and of two
    # at the same moment the later row, as in the history.
    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="+"
    )
    # The two validated assessments before it, in the same order (NULL when
    # the pair has fewer): the level at a period's start is the newest of the
    # three made before the start, so only a pair with all three inside the
    # period needs the history. Plain ids: assessments are deleted only with
    # their employee, and this row with them.
    previous_level = models.PositiveSmallIntegerField(null=True)
    previous_assessed_at = models.DateTimeField(null=True)
    previous_id = models.BigIntegerField(null=True)
    earlier_level = models.PositiveSmallIntegerField(null=True)
    earlier_assessed_at = models.DateTimeField(null=True)
    earlier_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competence"], name="current_level_unique"
            ),
        ]
        indexes = [
            # The figures look for pairs whose three kept assessments are all
            # inside the period (few): without it, a scan of every row.
            models.Index(fields=["earlier_assessed_at"], name="current_level_earlier"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.competence_id}={self.level}"


class OverallSnapshot(models.Model):
    """Every employee's overall level at both ends of one period, as the level
    rule answered it: kept for the day so the figures of the default period
    (the last 12 months up to today) need not group every person's levels
    again. ``competences.levels.snapshot`` builds it, forgets a person's row
    when their levels, role or role profile change, and says why that keeps
    the figures exact."""

    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    validity_days = models.PositiveIntegerField()
    built_at = models.DateTimeField(default=timezone.now)
    # What it stores (``snapshot.LAYOUT``): one built before a table was
    # added is not read, so it never answers with a table it lacks.
    layout = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"


class OverallSnapshotRow(models.Model):
    snapshot = models.ForeignKey(
        OverallSnapshot, on_delete=models.CASCADE, related_name="rows"
    )
    # No database constraint: a refresh would otherwise lock every person it
    # stores (key share, at commit) and wait on, or deadlock with, a writer
    # that holds one of them while it waits for the refresh's lock.
    employee = models.ForeignKey(
        "employees.Employee",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    # Where the person was counted (plain values: which department totals
    # to forget when they change).
    department_id = models.BigIntegerField()
    job_role_id = models.BigIntegerField(null=True)
    is_active = models.BooleanField()
    overall = models.PositiveSmallIntegerField()
    overall_before = models.PositiveSmallIntegerField()
    # 1 when every profile competence is at target (the rule's own 0/1).
    met = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "employee"], name="overall_snapshot_row_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["department_id"], name="overall_snapshot_row_dept"),
            models.Index(fields=["job_role_id"], name="overall_snapshot_row_role"),
        ]

    def __str__(self):
        return f"{self.employee_id}: {self.overall_before} -> {self.overall}"


class OverallSnapshotDepartment(models.Model):
    """A department whose totals (groups and cells) are stored: every active
    person in it is counted there, unless a change has forgotten it since
    (``OverallSnapshotForgotten``)."""

    snapshot = models.ForeignKey(
        OverallSnapshot, on_delete=models.CASCADE, related_name="departments"
    )
    # No database constraint, as for the rows: a department deleted during a
    # refresh must not fail it.
    department = models.ForeignKey(
        "employees.Department",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "department"],
                name="overall_snapshot_department_unique",
            ),
        ]

    def __str__(self):
        return f"{self.snapshot_id}: {self.department_id}"


class OverallSnapshotGroup(models.Model):
    """Active people of one department and role with the same overall level at
    both ends: how many, and how many meet their target."""

    snapshot = models.ForeignKey(
        OverallSnapshot, on_delete=models.CASCADE, related_name="groups"
    )
    department_id = models.BigIntegerField(db_index=True)
    job_role_id = models.BigIntegerField(null=True)
    overall = models.PositiveSmallIntegerField()
    overall_before = models.PositiveSmallIntegerField()
    employees = models.PositiveIntegerField()
    met = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.department_id}/{self.job_role_id}: {self.employees}"


class OverallSnapshotCell(models.Model):
    """Active people of one department and role with a validated level in a
    competence of their profile: the levels summed, how many at target."""

    snapshot = models.ForeignKey(
        OverallSnapshot, on_delete=models.CASCADE, related_name="cells"
    )
    department_id = models.BigIntegerField(db_index=True)
    job_role_id = models.BigIntegerField()
    competence_id = models.BigIntegerField()
    level_sum = models.PositiveIntegerField()
    at_target = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.department_id}/{self.job_role_id}/{self.competence_id}"


class OverallSnapshotTotal(models.Model):
    """``OverallSnapshotGroup`` summed over the roles of a department: what
    the figures without a role filter read (a sixth of the rows nationally)."""

    snapshot = models.ForeignKey(
        OverallSnapshot, on_delete=models.CASCADE, related_name="totals"
    )
    department_id = models.BigIntegerField(db_index=True)
    overall = models.PositiveSmallIntegerField()
    overall_before = models.PositiveSmallIntegerField()
    employees = models.PositiveIntegerField()
    met = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.department_id}: {self.employees}"


class OverallSnapshotTotalCell(models.Model):
    """Per department and competence, over all roles: the active people whose
    profile holds it, their levels summed (missing = 0), how many at target
    (``rule.cells_cte``'s answer, stored)."""

    snapshot = models.ForeignKey(
        OverallSnapshot, on_delete=models.CASCADE, related_name="total_cells"
    )
    department_id = models.BigIntegerField(db_index=True)
    competence_id = models.BigIntegerField()
    employees = models.PositiveIntegerField()
    level_sum = models.PositiveIntegerField()
    at_target = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.department_id}/{self.competence_id}"


class OverallSnapshotForgotten(models.Model):
    """A person (``employee_id``) or department (``department_id``) whose
    stored answers no longer hold since the last refresh.

    Appended, never updated or deleted by writers (only a refresh clears
    them): an insert takes no lock another writer waits for, so writers in
    the same department never wait on, or deadlock with, one another."""

    employee_id = models.BigIntegerField(null=True, db_index=True)
    department_id = models.BigIntegerField(null=True, db_index=True)

    def __str__(self):
        return f"{self.employee_id or ''}/{self.department_id or ''}"
