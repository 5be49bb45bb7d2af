"""Forms of the competence pages: job roles with their profile, assessments.

Forms check the shape of input; the rules are the services' (see
``employees.forms.ask``).
"""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from competences.models import MAX_LEVEL, MIN_LEVEL, Competence, RoleCompetence
from employees import services as organisation
from employees.forms import ask
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


class AssessmentForm(forms.Form):
    competence = forms.ModelChoiceField(
        label=_("Competence"), queryset=Competence.objects.none()
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        choices=[(n, str(n)) for n in range(MIN_LEVEL, MAX_LEVEL + 1)],
        help_text=_("0 = not assessed, 1–8 as in DigComp 2.2."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences
