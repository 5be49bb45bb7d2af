"""Admin for frameworks, the ladder, job role profiles and the append-only
assessment history."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from competences.models import (
    Assessment,
    Competence,
    CompetenceArea,
    Framework,
    LadderStage,
    Level,
    RoleCompetence,
)
from competences.services import assessment_record, role_save
from employees import services as organisation
from employees.access import access_for
from employees.admin import HRScoped, LoggedPersonReads, MunicipalityFilter
from employees.forms import ask
from employees.models import JobRole


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name_da", "name_en")
    search_fields = ("code", "name_da", "name_en")


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name_da", "name_en", "framework")
    list_filter = ("framework",)
    search_fields = ("code", "name_da", "name_en")
    autocomplete_fields = ("framework",)
    list_select_related = ("framework",)


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_da", "name_en", "area", "framework")
    list_filter = ("framework", "area")
    search_fields = ("code", "name_da", "name_en")
    autocomplete_fields = ("framework", "area")
    list_select_related = ("framework", "area")


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ("framework", "level", "band", "complexity", "autonomy")
    list_filter = ("framework",)
    autocomplete_fields = ("framework",)
    list_select_related = ("framework",)


@admin.register(LadderStage)
class LadderStageAdmin(admin.ModelAdmin):
    list_display = ("code", "name_da", "name_en", "min_level", "max_level")
    search_fields = ("code", "name_da", "name_en")


class AssessmentForm(forms.ModelForm):
    """Records a new assessment through the service, so its rules apply here too.

    The service runs in ``clean`` because only there can its refusal become a
    form error; the admin wraps the whole request in one transaction.
    """

    class Meta:
        model = Assessment
        fields = (
            "employee",
            "competence",
            "level",
            "source",
            "assessed_at",
            "assessed_by",
            "note",
        )

    confirm_lowering = forms.BooleanField(
        label=_("Lower the validated level"),
        required=False,
        help_text=_("Needed, with a note saying why, to record a lower level."),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.recorded = assessment_record(
                employee=cleaned["employee"],
                competence=cleaned["competence"],
                level=cleaned["level"],
                source=cleaned["source"],
                assessed_by=cleaned.get("assessed_by"),
                note=cleaned.get("note", ""),
                assessed_at=cleaned.get("assessed_at"),
                confirm_lowering=cleaned.get("confirm_lowering", False),
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return cleaned


@admin.register(Assessment)
class AssessmentAdmin(LoggedPersonReads, HRScoped, admin.ModelAdmin):
    """Append-only: a correction is a new assessment, never an edit or deletion."""

    scope = "employee__department"
    form = AssessmentForm
    list_display = (
        "employee",
        "competence",
        "level",
        "source",
        "assessed_at",
        "assessed_by",
    )
    list_filter = ("source", "competence__framework", "competence")
    search_fields = ("employee__name", "=employee__employee_number")
    autocomplete_fields = ("employee", "competence", "assessed_by")
    list_select_related = ("employee", "competence", "assessed_by")
    show_full_result_count = False

    def get_changeform_initial_data(self, request):
        return {
            "assessed_by": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The form's clean() already stored the row through the service.
        obj.pk = form.recorded.pk
        obj._state.adding = False


class RoleCompetenceInline(admin.TabularInline):
    model = RoleCompetence
    autocomplete_fields = ("competence",)
    extra = 0


class JobRoleForm(forms.ModelForm):
    """Names are unique per municipality ignoring case (the role service's rule)."""

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality") or getattr(
            self.instance, "municipality", None
        )
        if municipality is not None and cleaned.get("name"):
            ask(
                self,
                organisation.role_validate,
                municipality=municipality,
                name=cleaned["name"],
                exclude_pk=self.instance.pk,
            )
        return cleaned


@admin.register(JobRole)
class JobRoleAdmin(HRScoped, admin.ModelAdmin):
    """Roles belong to a whole municipality: HR for a part of it reads them,
    HR over all of it keeps them (the same rule as the pages and the API)."""

    scope = "municipality"
    form = JobRoleForm
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "municipality" and field is not None:
            field.queryset = access_for(request.user).role_municipalities()
        return field

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("municipality",)
        return ()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            access_for(request.user).role_municipalities().exists()
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and access_for(request.user).may_keep_roles(obj.municipality)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and access_for(request.user).may_keep_roles(obj.municipality)

    def save_model(self, request, obj, form, change):
        # Saved with its profile in save_related, once the inline is valid.
        pass

    def save_related(self, request, form, formsets, change):
        profile = [
            (row["competence"], row["target_level"])
            for formset in formsets
            for row in formset.cleaned_data
            if row and not row.get("DELETE")
        ]
        data = form.cleaned_data
        role = role_save(
            role=form.instance if change else None,
            municipality=data.get("municipality"),
            name=data["name"],
            description=data.get("description", ""),
            profile=profile,
        )
        form.instance.pk, form.instance._state.adding = role.pk, False
