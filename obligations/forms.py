"""Page forms of the obligations app: shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from competences.models import Competence
from courses.models import Course
from employees.models import Department, JobRole
from obligations.models import Requirement


class AudienceForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Each with its whole subtree."),
    )
    job_roles = forms.ModelMultipleChoiceField(
        label=_("Job roles"), queryset=JobRole.objects.none(), required=False
    )
    managers_only = forms.BooleanField(label=_("Managers only"), required=False)

    def __init__(self, *args, access=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = access.hr_departments().order_by("path")
        self.fields["job_roles"].queryset = JobRole.objects.filter(
            municipality__in=access.hr_municipalities()
        ).order_by("name")


class RequirementForm(AudienceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(
        label=_("What must be met"), choices=Requirement.Kind.choices
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses"),
        queryset=Course.objects.published().order_by("title"),
        required=False,
        help_text=_("Any one of them, or an equivalent, meets the requirement."),
    )
    competence = forms.ModelChoiceField(
        label=_("Competence"),
        queryset=Competence.objects.order_by("code"),
        required=False,
    )
    min_level = forms.IntegerField(label=_("Minimum level"), required=False)
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_days = forms.IntegerField(
        label=_("Or due days after joining"), required=False, min_value=0
    )
    effective_from = forms.DateField(
        label=_("Counts from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Days after joining count from this date at the earliest."),
    )
    recurrence_months = forms.IntegerField(
        label=_("Valid for months"),
        required=False,
        help_text=_("Empty: a completion counts for good."),
    )

    field_order = [
        "name",
        "description",
        "departments",
        "job_roles",
        "managers_only",
        "kind",
        "courses",
        "competence",
        "min_level",
        "due_on",
        "due_days",
        "effective_from",
        "recurrence_months",
    ]


class CampaignForm(AudienceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    practice_task = forms.CharField(
        label=_("Practice task"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What each person tries in their own work."),
    )

    field_order = [
        "name",
        "purpose",
        "departments",
        "job_roles",
        "managers_only",
        "starts_on",
        "ends_on",
        "practice_task",
    ]


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label=_("What did you try?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ExemptionForm(forms.Form):
    employee = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class AtForm(forms.Form):
    at = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean_at(self):
        value = self.cleaned_data.get("at")
        if value and not 1900 <= value.year <= 2999:
            raise forms.ValidationError(_("Give a date between 1900 and 2999."))
        return value
