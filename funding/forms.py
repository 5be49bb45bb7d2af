"""Forms of the funding pages: they check the shape of input, the services
the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.forms import indented
from funding.models import EducationKind, State
from funding.services.applications import DECISIONS


def money(label, *, required: bool = True, help_text: str = ""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=10_000_000,
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
    )


class CostsForm(forms.Form):
    fee = money(_("Course fee per participant (DKK)"))
    materials = money(_("Materials per participant (DKK)"))
    transport = money(_("Transport per participant (DKK)"))


class ConfirmedCostsForm(CostsForm):
    drop_signatures = forms.BooleanField(
        label=_("I know every signature is dropped and all must sign again"),
        required=False,
    )


class ApplicationForm(forms.Form):
    enrollments = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One person, or a group on the same course."),
    )
    education_kind = forms.ChoiceField(
        label=_("Kind of education"),
        choices=EducationKind.choices,
        initial=EducationKind.COURSE,
    )
    fee = money(
        _("Course fee per participant (DKK)"),
        required=False,
        help_text=_("Empty: the course's price."),
    )
    materials = money(_("Materials per participant (DKK)"))
    transport = money(_("Transport per participant (DKK)"))

    def __init__(self, *args, enrollments, **kwargs):
        kwargs.setdefault("initial", {"materials": 0, "transport": 0})
        super().__init__(*args, **kwargs)
        field = self.fields["enrollments"]
        field.queryset = enrollments
        field.label_from_instance = _enrollment_label


def _enrollment_label(enrollment) -> str:
    starts = timezone.localtime(enrollment.session.starts_at)
    return (
        f"{enrollment.employee.name} – {enrollment.session.course.title}, "
        f"{starts:%Y-%m-%d}"
    )


class DecisionForm(forms.Form):
    state = forms.ChoiceField(
        choices=[(state, State(state).label) for state in DECISIONS]
    )


def year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, this_year - 6, -1)]


class ListFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All states")), *State.choices],
        required=False,
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        choices=[("", _("All years"))],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *year_choices()]


class FiguresForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=None,
        required=False,
        empty_label=_("Every department you lead"),
    )
    year = forms.TypedChoiceField(label=_("Year"), choices=[], coerce=int)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = indented
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = timezone.localdate().year
