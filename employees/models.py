from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

# A department's path is its ancestors' ids and its own, each zero-padded and
# followed by a dot, so a subtree is one indexed prefix match and ordering by
# path lists a tree depth-first.
PATH_SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


def paths_filter(field: str, paths: list[str]) -> Q:
    """A Q matching rows whose ``field`` path lies in any of the given subtrees."""
    query = Q(pk__in=[])
    for path in _outermost(paths):
        query |= Q(**{f"{field}__startswith": path})
    return query


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths nested in another path of the list: they add nothing."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return result


class DepartmentQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)

    def in_subtree(self, department: "Department"):
        return self.filter(path__startswith=department.path)

    def in_paths(self, paths: list[str]):
        return self.filter(paths_filter("path", paths))

    def visible_to(self, user, kinds: tuple[str, ...] = ()):
        from employees.access import access_for

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.in_paths(access.paths(*kinds))

    def code_taken(self, *, municipality_id: int, code: str, exclude_pk=None) -> bool:
        """Codes are unique per municipality (forms, admin and API check it
        before saving, since the municipality is derived, not submitted)."""
        same = self.filter(municipality_id=municipality_id, code=code)
        return same.exclude(pk=exclude_pk).exists()


class Department(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    municipality = models.ForeignKey(
        "self",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The root of the tree; set automatically."),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                name="department_code_unique_in_municipality",
            ),
        ]
        indexes = [
            # Prefix scans on path need the C collation / pattern ops on PostgreSQL.
            models.Index(
                fields=["path"],
                name="department_path_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        # The path needs the primary key, so a new row is saved twice.
        if self.pk is None:
            self.path = ""
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
            kwargs["update_fields"] = None
        self._set_tree_fields()
        super().save(*args, **kwargs)

    def _set_tree_fields(self):
        if self.parent_id is None:
            self.path = path_segment(self.pk)
            self.depth = 0
            self.municipality_id = self.pk
        else:
            parent = self.parent
            self.path = parent.path + path_segment(self.pk)
            self.depth = parent.depth + 1
            self.municipality_id = parent.municipality_id

    @property
    def is_municipality(self) -> bool:
        return self.parent_id is None


class JobRole(models.Model):
    municipality = models.ForeignKey(
        Department,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="job_roles",
        limit_choices_to={"parent__isnull": True},
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="job_role_name_unique_in_municipality",
            ),
        ]

    def __str__(self):
        return self.name


class RoleCompetence(models.Model):
    """One row of a job role's competence profile: a competence and its target."""

    role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="profile")
    competence = models.ForeignKey(
        "competences.Competence", verbose_name=_("competence"), on_delete=models.PROTECT
    )
    target_level = models.PositiveSmallIntegerField(_("target level"))

    class Meta:
        verbose_name = _("profile competence")
        verbose_name_plural = _("competence profile")
        ordering = ["competence__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "competence"], name="role_competence_unique"
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=8),
                name="role_competence_target_1_8",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.competence_id} ≥ {self.target_level}"


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_subtree(self, department: Department):
        return self.filter(department__path__startswith=department.path)

    def in_paths(self, paths: list[str]):
        return self.filter(paths_filter("department__path", paths))

    def visible_to(self, user, kinds: tuple[str, ...] = ()):
        """Employees in the user's granted subtrees, plus the user's own record."""
        from employees.access import access_for

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            paths_filter("department__path", access.paths(*kinds)) | Q(user=user)
        )


class Employee(models.Model):
    municipality = models.ForeignKey(
        Department,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    employee_number = models.CharField(_("employee number"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    work_email = models.EmailField(_("work email"), blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    job_role = models.ForeignKey(
        JobRole,
        verbose_name=_("job role"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
    )
    is_manager = models.BooleanField(_("manager"), default=False)
    employment_start = models.DateField(_("employment start"), null=True, blank=True)
    employment_end = models.DateField(_("employment end"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "employee_number"],
                name="employee_number_unique_in_municipality",
            ),
            models.CheckConstraint(
                condition=Q(employment_end__isnull=True)
                | Q(employment_start__isnull=True)
                | Q(employment_end__gte=models.F("employment_start")),
                name="employee_employment_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "is_active"]),
            # Lists are ordered by name; deep admin and API pages sort on it.
            models.Index(fields=["name", "id"], name="employee_name_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.employee_number})"

    def save(self, *args, **kwargs):
        # The municipality follows the department so employee numbers stay
        # unique per municipality even when someone moves department.
        if self.department_id:
            self.municipality_id = Department.objects.values_list(
                "municipality_id", flat=True
            ).get(pk=self.department_id)
        super().save(*args, **kwargs)


class AccessGrant(models.Model):
    """A user's access to a department and its whole subtree."""

    class Kind(models.TextChoices):
        HR = "hr", _("HR")
        MANAGER = "manager", _("Manager")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_grants",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="access_grants",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "kind"], name="access_grant_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} @ {self.department}"


class ApiToken(AbstractAPIKey):
    """A personal API token for staff scripts; it carries the user's access."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("personal API token")
        verbose_name_plural = _("personal API tokens")


class EmployeeAccessLog(models.Model):
    """Who looked at an employee's record, when and through which channel.

    Kept because an employee's right of access covers who looked them up.
    """

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        ADMIN = "admin", _("Admin")
        EXPORT = "export", _("Export")

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="access_log",
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("viewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employee access log entry")
        verbose_name_plural = _("employee access log")
        ordering = ["-accessed_at", "-id"]
        indexes = [
            models.Index(fields=["employee", "accessed_at"], name="access_log_employee")
        ]

    def __str__(self):
        return f"{self.viewer_id} → {self.employee_id} ({self.channel})"


class EmployeeImport(models.Model):
    """An uploaded HR file between preview and confirmation.

    The file is kept in the database, not on a worker's disk, so the confirm
    request may land on any worker; its content is cleared once applied.
    """

    municipality = models.ForeignKey(
        Department,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), editable=False)
    full = models.BooleanField(_("full import"), default=False)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("employee import")
        verbose_name_plural = _("employee imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
