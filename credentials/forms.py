"""Forms of the badge pages: they check the shape of input only."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HideForm(forms.Form):
    hidden = forms.BooleanField(required=False)
