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
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin

from employees import forms as pages
from employees import services
from employees.access import access_for
from employees.audit import hr_scope
from employees.forms import ask
from employees.models import (
    AccessGrant,
    ApiToken,
    Department,
    Employee,
    EmployeeAccessLog,
    EmployeeImport,
    JobRole,
)

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
# HR grants, as everywhere else in Kyndig: every list and every choice asks the
# access policy.


def scoped_choices(model, user):
    """The rows of a related model a non-superuser may pick, or None if any."""
    access = access_for(user)
    choices = {
        Department: access.hr_departments,
        Employee: access.hr_employees,
        JobRole: lambda: JobRole.objects.filter(
            municipality__in=access.hr_municipalities()
        ),
        get_user_model(): lambda: users_of(access),
    }
    make = choices.get(model)
    return make() if make else None


def users_of(access):
    """Users HR may see: those employed, or holding grants, under their HR
    grants, and themself. Another municipality's users stay out of reach."""
    User = get_user_model()
    ours = access.q("employee__department", HR) | access.q(
        "access_grants__department", HR
    )
    return User.objects.filter(ours | Q(pk=access.user.pk)).distinct()


class HRScoped:
    """Mixin: ``scope`` names the row's department (empty for departments
    themselves), or is ``municipality`` for rows of a whole municipality."""

    scope = "department"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        user = request.user
        if user.is_superuser:
            return rows
        access = access_for(user)
        if self.scope == "municipality":
            return rows.filter(municipality__in=access.hr_municipalities())
        return rows.filter(access.q(self.scope, HR))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scope_field(field, db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scope_field(field, db_field, request)


def _scope_field(field, db_field, request):
    if field is None or request.user.is_superuser:
        return field
    scoped = scoped_choices(db_field.related_model, request.user)
    if scoped is not None:
        field.queryset = scoped
    return field


class DepartmentForm(forms.ModelForm):
    """Codes are unique per municipality (the department service's rule)."""

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent", self.instance.parent)
        # A new root is its own municipality: nothing to clash with yet.
        municipality_id = parent.municipality_id if parent else self.instance.pk
        if cleaned.get("code"):
            ask(
                self,
                services.department_validate,
                municipality_id=municipality_id,
                code=cleaned["code"],
                exclude_pk=self.instance.pk,
            )
        return cleaned


class EmployeeForm(pages.EmployeeForm):
    """The page form (its rules asked of the employee service) with the
    admin's choices."""

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
    scope = ""
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
        # stale, so a department is placed once.
        if obj is not None:
            return (*self.readonly_fields, "parent")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.department_update(department=obj, name=obj.name, code=obj.code)
        else:
            saved = services.department_create(
                parent=data.get("parent"), name=data["name"], code=data["code"]
            )
            obj.pk, obj._state.adding = saved.pk, False


class LoggedPersonReads:
    """Admin mixin: opening a row of one person's data (their record, an
    assessment, an enrollment, evidence) goes into the read-access log.
    ``person`` is the path from the row to its Employee ("" for employees)."""

    person = "employee"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Logged only once the page was allowed and found.
        row = getattr(response, "context_data", {}).get("original")
        if request.method != "GET" or row is None:
            return response
        employee = row
        for part in filter(None, self.person.split("__")):
            employee = getattr(employee, part)
        # A row may be about nobody (a notification to a manager alone).
        if employee is not None:
            services.employee_access_log(
                viewer=request.user,
                employee=employee,
                channel=EmployeeAccessLog.Channel.ADMIN,
                request=request,
            )
        return response


@admin.register(Employee)
class EmployeeAdmin(LoggedPersonReads, HRScoped, admin.ModelAdmin):
    person = ""
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

    def save_model(self, request, obj, form, change):
        fields = form.service_fields()
        if change:
            services.employee_update(employee=obj, actor=request.user, **fields)
        else:
            saved = services.employee_create(actor=request.user, **fields)
            obj.pk, obj._state.adding = saved.pk, False


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

    def save_model(self, request, obj, form, change):
        grant_write(obj, change)

    def delete_model(self, request, obj):
        services.grant_delete(grant=obj)


class AccessGrantInline(HRScoped, admin.TabularInline):
    model = AccessGrant
    autocomplete_fields = ("department",)
    extra = 0


def grant_write(grant: AccessGrant, change: bool) -> None:
    """An admin form's grant, written through the grant services."""
    if change:
        services.grant_delete(grant=AccessGrant.objects.get(pk=grant.pk))
    saved = services.grant_create(
        user=grant.user, department=grant.department, kind=grant.kind
    )
    grant.pk, grant._state.adding = saved.pk, False


# A user's grants are edited on the user's own page, where access is given.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class KyndigUserAdmin(UserAdmin):
    inlines = (*UserAdmin.inlines, AccessGrantInline)
    # Only a superuser hands out admin rights, so nobody can raise their own.
    privileges = ("is_staff", "is_superuser", "groups", "user_permissions")

    def save_formset(self, request, form, formset, change):
        if formset.model is not AccessGrant:
            return super().save_formset(request, form, formset, change)
        grants = formset.save(commit=False)
        for grant in formset.deleted_objects:
            services.grant_delete(grant=grant)
        for grant in grants:
            grant_write(grant, change=grant.pk is not None)
        formset.save_m2m()

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(pk__in=users_of(access_for(request.user)).values("pk"))

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

    scope = "employee__department"
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
