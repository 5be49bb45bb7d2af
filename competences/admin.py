"""Admin for frameworks, the ladder and the append-only assessment history."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from competences.models import (
    Assessment,
    Competence,
    CompetenceArea,
    Framework,
    LadderStage,
    Level,
)
from competences.services import assessment_record
from employees.admin import HRScoped


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
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return cleaned


@admin.register(Assessment)
class AssessmentAdmin(HRScoped, admin.ModelAdmin):
    """Append-only: a correction is a new assessment, never an edit or deletion."""

    scope = "employee__department__path"
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
