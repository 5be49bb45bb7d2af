from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Preferences


class PreferencesForm(forms.ModelForm):
    """Only shape: the service writes. Leads also choose how requests reach them."""

    class Meta:
        model = Preferences
        fields = ["language", "reminders", "requests_mail"]
        labels = {
            "language": _("Language of pages and mails"),
            "reminders": _("Remind me of my sessions and of enrollment deadlines"),
            "requests_mail": _("Requests to approve and evidence to review"),
        }
        help_texts = {
            "reminders": _(
                "Mails about decisions on your own enrollments are always sent."
            ),
        }
        widgets = {"requests_mail": forms.RadioSelect}

    def __init__(self, *args, is_lead: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_lead:
            del self.fields["requests_mail"]
