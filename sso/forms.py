from django import forms
from django.utils.translation import gettext_lazy as _


class ProviderChoiceForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("It tells Kyndig which municipality's sign-in to use."),
    )
