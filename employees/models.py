from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

# A department's path is its ancestors' ids and its own, each zero-padded and
# followed by a dot, so a subtree is one indexed prefix match and ordering by
# path lists a tree depth-first.
PATH_SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


def tree_path(pk: int, parent_path: str = "") -> str:
    """The path of department ``pk`` below the department at ``parent_path``
    (for bulk writers that set paths themselves, such as the data set)."""
    return parent_path + path_segment(pk)


class DepartmentQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)

    def in_subtree(self, department: "Department"):
        return self.filter(path__startswith=department.path)

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
            self.path = tree_path(self.pk)
            self.depth = 0
            self.municipality_id = self.pk
        else:
            parent = self.parent
            self.path = tree_path(self.pk, parent.path)
            self.depth = parent.depth + 1
            self.municipality_id = parent.municipality_id

    @property
    def is_municipality(self) -> bool:
        return self.parent_id is None

    def contains(self, other: "Department") -> bool:
        """Whether ``other`` is this department or lies below it."""
        return other.path.startswith(self.path)


def role_name_key(name: str) -> str:
    """Job role names are unique per municipality ignoring case: this is the
    comparison. Python's casefold also folds what SQLite's lower() does not
    (Æ, Ø, Å), so the rule is the same on every database."""
    return name.strip().casefold()


class JobRoleQuerySet(models.QuerySet):
    def name_taken(self, *, municipality, name: str, exclude_pk=None) -> bool:
        # A municipality has tens of roles: comparing in Python is cheap and
        # applies role_name_key exactly.
        key = role_name_key(name)
        names = self.filter(municipality=municipality).exclude(pk=exclude_pk)
        return any(
            role_name_key(n) == key for n in names.values_list("name", flat=True)
        )


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

    objects = JobRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        ordering = ["name"]
        constraints = [
            # The referee when two writers race; employees.services checks
            # first with role_name_key for a clear message.
            models.UniqueConstraint(
                "municipality",
                Lower("name"),
                name="job_role_name_unique_ci",
            ),
        ]

    def __str__(self):
        return self.name


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def number_taken(self, *, municipality_id, number: str, exclude_pk=None) -> bool:
        """Employee numbers are unique per municipality."""
        same = self.filter(municipality_id=municipality_id, employee_number=number)
        return same.exclude(pk=exclude_pk).exists()

    def in_subtree(self, department: Department):
        return self.filter(department__path__startswith=department.path)


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
    # Since when the person has been in their department and held their job
    # role: the employee services and the HR import set them on a move or a
    # new role (a new employee's is the employment start). A requirement due
    # "N days after joining the audience" counts from them (DESIGN §9); empty
    # means since the employment start.
    department_since = models.DateField(
        _("in the department since"), null=True, blank=True, editable=False
    )
    job_role_since = models.DateField(
        _("in the job role since"), null=True, blank=True, editable=False
    )
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
        # A tillidsrepræsentant: co-signs fund applications of the staff in
        # the subtree (funding), and sees nothing else through the grant.
        UNION_REP = "union_rep", _("Union representative")

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
