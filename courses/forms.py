"""Forms of the course pages: catalogue filters, evidence, reviews, bulk enrollment."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from api.fields import MAX_ID
from competences.models import MAX_LEVEL, Competence
from courses.models import Course, Provider
from employees.models import Department, JobRole

LEVEL_CHOICES = [("", _("Any level"))] + [(n, str(n)) for n in range(1, MAX_LEVEL + 1)]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters; every field is optional and validated."""

    SORTS = [
        ("next", _("Next session first")),
        ("title", _("Title")),
        ("price", _("Price, lowest first")),
        ("hours", _("Hours, fewest first")),
    ]
    # Shown above the fold; the others fold away on a phone.
    MAIN = ("q", "sort", "my_gaps")

    q = forms.CharField(
        label=_("Search title, description and purpose"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    my_gaps = forms.BooleanField(label=_("For my gaps"), required=False)
    competence = forms.ModelChoiceField(
        label=_("Competence"),
        queryset=Competence.objects.select_related("framework"),
        required=False,
        empty_label=_("All competences"),
    )
    level = forms.TypedChoiceField(
        label=_("Reaches level"),
        choices=LEVEL_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[("", _("All modes")), *Course.Mode.choices],
        required=False,
    )
    provider = forms.ModelChoiceField(
        label=_("Education partner"),
        queryset=Provider.objects.filter(is_active=True),
        required=False,
        empty_label=_("All partners"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All languages")), *Course.Language.choices],
        required=False,
    )
    free_seats = forms.BooleanField(label=_("Only with free seats"), required=False)

    def __init__(self, *args, has_gaps: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_gaps:
            # Only a signed-in employee with a role profile has gaps to close.
            del self.fields["my_gaps"]
        self.fields["competence"].label_from_instance = str

    def main_fields(self):
        return [self[name] for name in self.MAIN if name in self.fields]

    def more_fields(self):
        return [field for field in self if field.name not in self.MAIN]

    def more_chosen(self) -> bool:
        """Some folded filter is set: the fold opens so it can be seen."""
        data = self.data if self.is_bound else {}
        return any(data.get(field.name) for field in self.more_fields())


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label=_("What did you do in your own job?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("Describe the practice task as you carried it out."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, told to the employee"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class ReviewForm(forms.Form):
    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return with a note"))],
    )
    note = forms.CharField(
        label=_("Note to the employee"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == self.RETURN
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Say what is missing when you return evidence."))
        return cleaned


class BulkPickForm(forms.Form):
    """How HR picks whom to enroll: by department, role or competence gap."""

    department = forms.ModelChoiceField(
        label=_("Department (with its sub-departments)"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )
    role = forms.ModelChoiceField(
        label=_("Job role"),
        queryset=JobRole.objects.none(),
        required=False,
        empty_label=_("All job roles"),
    )
    gap = forms.ModelChoiceField(
        label=_("Below target in competence"),
        queryset=Competence.objects.all(),
        required=False,
        empty_label=_("Any"),
    )

    def __init__(self, *args, departments, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda d: (
            "\u2003" * d.depth + d.name
        )
        self.fields["role"].queryset = roles

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("department", "role", "gap")):
            raise forms.ValidationError(
                _("Pick a department, a job role or a competence gap.")
            )
        return cleaned


class IdsField(forms.ModelMultipleChoiceField):
    """Chosen rows by id, where an id is a plain positive database integer.

    Anything else is invalid before the query: SQLite cannot even bind an
    integer past 64 bits, and "²" passes ``str.isdigit``.
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class BulkEnrollForm(forms.Form):
    employees = IdsField(
        label=_("Employees to enroll"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one employee.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = candidates
        self.fields["employees"].label_from_instance = lambda e: (
            f"{e.name} – {e.department.name}"
        )
