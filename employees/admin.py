"""Admin for the organisation, built to stay usable at 40,000 employees.

Every foreign key is an autocomplete widget (a select would load every row),
changelists join what they display, and the big tables skip the full count.
"""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin

from employees import forms as pages
from employees.access import access_for
from employees.audit import hr_scope
from employees.models import (
    AccessGrant,
    ApiToken,
    Department,
    Employee,
    EmployeeAccessLog,
    EmployeeImport,
    JobRole,
    RoleCompetence,
    paths_filter,
)
from employees.services import employee_access_log

HR = AccessGrant.Kind.HR


class MunicipalityFilter(admin.SimpleListFilter):
    """Narrow a list to one municipality (the roots of the tree: at most ~100)."""

    title = _("municipality")
    parameter_name = "municipality"
    field = "municipality_id"

    def lookups(self, request, model_admin):
        return list(Department.objects.roots().values_list("pk", "name"))

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            pk = int(self.value())
        except ValueError:
            return queryset.none()
        return queryset.filter(**{self.field: pk})


class DepartmentMunicipalityFilter(MunicipalityFilter):
    field = "department__municipality_id"


# --- Scope for staff who are not superusers -----------------------------------
# The admin is the system administrator's tool. Should HR staff be let in
# (is_staff plus model permissions), they see and pick only rows under their
# HR grants, as everywhere else in Kyndig.


def hr_departments(user):
    return Department.objects.visible_to(user, (HR,))


def _scoped(model, user):
    """The rows of a related model that a non-superuser may pick."""
    if model is Department:
        return hr_departments(user)
    if model is Employee:
        return Employee.objects.in_paths(access_for(user).paths(HR))
    if model is JobRole:
        return JobRole.objects.filter(
            municipality_id__in=hr_departments(user).values("municipality_id")
        )
    return None


class HRScoped:
    """Mixin: ``scope`` is the lookup of the row's department path, or
    ``municipality`` for rows that belong to a whole municipality."""

    scope = "department__path"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        user = request.user
        if user.is_superuser:
            return rows
        if self.scope == "municipality":
            municipalities = hr_departments(user).values("municipality_id")
            return rows.filter(municipality_id__in=municipalities)
        return rows.filter(paths_filter(self.scope, access_for(user).paths(HR)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        scoped = None
        if field is not None and not request.user.is_superuser:
            scoped = _scoped(db_field.related_model, request.user)
        if scoped is not None:
            field.queryset = scoped
        return field


class DepartmentForm(forms.ModelForm):
    """Codes are unique per municipality; the municipality is derived, not a
    form field, so Django's own unique check skips the constraint."""

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent", self.instance.parent)
        # A new root is its own municipality: nothing to clash with yet.
        municipality_id = parent.municipality_id if parent else self.instance.pk
        code = cleaned.get("code")
        if (
            code
            and municipality_id
            and Department.objects.code_taken(
                municipality_id=municipality_id, code=code, exclude_pk=self.instance.pk
            )
        ):
            self.add_error("code", _("This code is already used in the municipality."))
        return cleaned


class EmployeeForm(pages.EmployeeForm):
    """The page form's rules (number unique in the municipality, role of the
    department's municipality) with the admin's choices."""

    def __init__(self, *args, **kwargs):
        # The admin built these fields already scoped to the user (HRScoped).
        fields = self.base_fields
        super().__init__(
            *args,
            departments=fields["department"].queryset,
            roles=fields["job_role"].queryset,
            **kwargs,
        )


@admin.register(Department)
class DepartmentAdmin(HRScoped, admin.ModelAdmin):
    scope = "path"
    form = DepartmentForm
    list_display = ("name", "code", "parent", "municipality", "depth")
    list_filter = (MunicipalityFilter, "depth")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent", "municipality")
    readonly_fields = ("municipality", "path", "depth")
    ordering = ("path",)
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # Saving a new parent would leave the paths of the whole subtree
        # stale, so a department is placed once and moved by a service.
        if obj is not None:
            return (*self.readonly_fields, "parent")
        return self.readonly_fields


class RoleCompetenceInline(admin.TabularInline):
    model = RoleCompetence
    autocomplete_fields = ("competence",)
    extra = 0


@admin.register(JobRole)
class JobRoleAdmin(HRScoped, admin.ModelAdmin):
    scope = "municipality"
    list_display = ("name", "municipality", "profile_size")
    list_filter = (MunicipalityFilter,)
    search_fields = ("name",)
    autocomplete_fields = ("municipality",)
    list_select_related = ("municipality",)
    inlines = (RoleCompetenceInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_profile_size=Count("profile"))

    @admin.display(description=_("profile competences"), ordering="_profile_size")
    def profile_size(self, obj):
        return obj._profile_size


@admin.register(Employee)
class EmployeeAdmin(HRScoped, admin.ModelAdmin):
    form = EmployeeForm
    list_display = (
        "name",
        "employee_number",
        "department",
        "job_role",
        "is_manager",
        "is_active",
    )
    list_filter = ("is_active", "is_manager", MunicipalityFilter)
    # "=" keeps the employee number an exact, indexed match.
    search_fields = ("name", "=employee_number", "work_email")
    autocomplete_fields = ("department", "job_role", "user")
    list_select_related = ("department", "job_role")
    readonly_fields = ("municipality", "anonymised_at", "created_at", "updated_at")
    show_full_result_count = False
    fieldsets = (
        (
            None,
            {"fields": ("name", "employee_number", "work_email", "user")},
        ),
        (
            _("Placement"),
            {"fields": ("municipality", "department", "job_role", "is_manager")},
        ),
        (
            _("Employment"),
            {
                "fields": (
                    "employment_start",
                    "employment_end",
                    "is_active",
                    "anonymised_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Logged only once the page was allowed and found.
        employee = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and employee is not None:
            employee_access_log(
                viewer=request.user,
                employee=employee,
                channel=EmployeeAccessLog.Channel.ADMIN,
            )
        return response


@admin.register(AccessGrant)
class AccessGrantAdmin(HRScoped, admin.ModelAdmin):
    list_display = ("user", "kind", "department", "created_at")
    list_filter = ("kind", DepartmentMunicipalityFilter)
    search_fields = (
        "user__username",
        "user__email",
        "department__name",
        "=department__code",
    )
    autocomplete_fields = ("user", "department")
    list_select_related = ("user", "department")


class AccessGrantInline(HRScoped, admin.TabularInline):
    model = AccessGrant
    autocomplete_fields = ("department",)
    extra = 0


# A user's grants are edited on the user's own page, where access is given.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class KyndigUserAdmin(UserAdmin):
    inlines = (*UserAdmin.inlines, AccessGrantInline)
    # Only a superuser hands out admin rights, so nobody can raise their own.
    privileges = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        paths = access_for(request.user).paths(HR)
        ours = paths_filter("employee__department__path", paths) | paths_filter(
            "access_grants__department__path", paths
        )
        return users.filter(ours | Q(pk=request.user.pk)).distinct()

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *self.privileges)


@admin.register(ApiToken)
class ApiTokenAdmin(APIKeyModelAdmin):
    """Personal tokens: the library stores only a hash and shows the key once."""

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        # A token carries its owner's access: others' stay with the superuser.
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    list_display = (*APIKeyModelAdmin.list_display, "user")
    list_filter = ("revoked", "created")
    search_fields = (*APIKeyModelAdmin.search_fields, "user__username")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmployeeAccessLog)
class EmployeeAccessLogAdmin(HRScoped, ReadOnlyAdmin):
    """The log answers a subject access request, so nobody edits or deletes it."""

    scope = "employee__department__path"
    list_display = ("accessed_at", "viewer", "employee", "channel")
    list_filter = ("channel",)
    search_fields = ("employee__name", "=employee__employee_number", "viewer__username")
    list_select_related = ("viewer", "employee")
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmployeeImport)
class EmployeeImportAdmin(HRScoped, ReadOnlyAdmin):
    scope = "municipality"
    list_display = (
        "filename",
        "municipality",
        "uploaded_by",
        "full",
        "created_at",
        "applied_at",
    )
    list_filter = ("full", MunicipalityFilter)
    search_fields = ("filename", "uploaded_by__username")
    list_select_related = ("municipality", "uploaded_by")
    fields = (
        "filename",
        "municipality",
        "uploaded_by",
        "full",
        "summary",
        "created_at",
        "applied_at",
    )


class ScopedLogEntryAdmin(LogEntryAdmin):
    """auditlog's admin, showing HR only the entries of their own subtree."""

    # Personal values are masked in the entries; searching them would defeat
    # the mask.
    search_fields = ["object_repr", "actor__username"]

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        if request.user.is_superuser:
            return entries
        return entries.filter(hr_scope(request.user))

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or (
            request.user.is_staff and access_for(request.user).is_hr
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ScopedLogEntryAdmin)
