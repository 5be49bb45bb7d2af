"""Forms of the competence pages: job roles with their profile, assessments.

Forms check the shape of input; the rules are the services' (see
``employees.forms.ask``).
"""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from competences.models import MAX_LEVEL, Competence, Level, RoleCompetence
from employees import services as organisation
from employees.forms import ask, indented
from employees.models import JobRole


class JobRoleForm(forms.ModelForm):
    class Meta:
        model = JobRole
        fields = ["municipality", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if self.instance.pk:
            self.fields["municipality"].disabled = True

    def clean(self):
        cleaned = super().clean()
        municipality, name = cleaned.get("municipality"), cleaned.get("name")
        if municipality and name:
            ask(
                self,
                organisation.role_validate,
                municipality=municipality,
                name=name,
                exclude_pk=self.instance.pk,
            )
        return cleaned


class ProfileRowForm(forms.ModelForm):
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        choices=[(n, str(n)) for n in range(1, MAX_LEVEL + 1)],
        coerce=int,
    )

    class Meta:
        model = RoleCompetence
        fields = ["competence", "target_level"]


ProfileFormSet = inlineformset_factory(
    JobRole,
    RoleCompetence,
    form=ProfileRowForm,
    extra=3,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


def profile_rows(formset) -> list[tuple[Competence, int]]:
    """The (competence, target) rows a valid profile formset keeps."""
    return [
        (form.cleaned_data["competence"], form.cleaned_data["target_level"])
        for form in formset.forms
        if form.cleaned_data
        and form.cleaned_data.get("competence")
        and not form.cleaned_data.get("DELETE")
    ]


def level_label(level: Level) -> str:
    """ "4 · Understanding · On my own": the level with what it means."""
    words = level.descriptors()
    return f"{level.level} · {words['cognitive']} · {words['autonomy']}"


def level_choices(levels, empty: str) -> list[tuple]:
    """Levels 1-8 explained, after an empty choice: there is no default level,
    so a form saved without a choice changes nothing."""
    return [("", empty)] + [(level.level, level_label(level)) for level in levels]


class ConfirmsLowering:
    """Forms whose level may lower a validated one: the confirmation shows
    once the service has asked for it."""

    @property
    def asks_to_confirm(self) -> bool:
        return self.has_error("level", "lowering_unconfirmed") or self.has_error(
            "note", "note_required"
        )


class AssessmentForm(ConfirmsLowering, forms.Form):
    competence = forms.ModelChoiceField(
        label=_("Competence"), queryset=Competence.objects.none()
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        help_text=_("DigComp 2.2 levels 1–8; see what each means below."),
        error_messages={"required": _("Choose a level.")},
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    confirm_lowering = forms.BooleanField(
        label=_("Yes, lower the validated level"), required=False
    )

    def __init__(self, *args, competences, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences
        self.fields["competence"].label_from_instance = str
        self.fields["level"].choices = level_choices(levels, _("Choose a level"))


class ConversationRowForm(ConfirmsLowering, forms.Form):
    """One competence of the appraisal talk; left at "unchanged" it records
    nothing."""

    level = forms.TypedChoiceField(
        label=_("New level"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    confirm_lowering = forms.BooleanField(
        label=_("Yes, lower the validated level"), required=False
    )

    def __init__(self, *args, row, levels, **kwargs):
        pk = row.competence.pk
        super().__init__(*args, prefix=f"c{pk}", **kwargs)
        self.row = row
        self.fields["level"].choices = level_choices(levels, _("Unchanged"))

    def service_row(self) -> dict:
        return {"competence": self.row.competence, **self.cleaned_data}


class TeamFilterForm(forms.Form):
    role = forms.ModelChoiceField(
        label=_("Job role"),
        queryset=JobRole.objects.none(),
        required=False,
        empty_label=_("All job roles"),
    )
    department = forms.ModelChoiceField(
        label=_("Department (with its sub-departments)"),
        queryset=None,
        required=False,
        empty_label=_("All departments"),
    )
    gaps_only = forms.BooleanField(label=_("Only people with gaps"), required=False)

    def __init__(self, *args, roles, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = indented
