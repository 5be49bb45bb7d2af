"""The dashboard's choices: which department subtree and which period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.figures.period import validate_period_date


class DashboardForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=None,
        required=False,
        empty_label=_("All my departments"),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        validators=[validate_period_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        validators=[validate_period_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda d: (
            "\u2003" * d.depth + d.name
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start."))
        return cleaned
