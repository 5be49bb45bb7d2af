from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from sso.models import GroupGrant, IdentityProvider


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class IdentityProviderForm(forms.ModelForm):
    # The secret is never sent back to a browser; left empty, it stays.
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Left empty when editing, the stored secret stays."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "municipality",
            "name",
            "email_domains",
            "issuer",
            "client_id",
            "client_secret",
            "scopes",
            "claim_email",
            "claim_employee_number",
            "claim_groups",
            "is_active",
        ]
        formfield_callback = _https_urls

    def clean_client_secret(self):
        secret = self.cleaned_data["client_secret"]
        if secret:
            return secret
        if self.instance.pk:
            return self.instance.client_secret
        raise forms.ValidationError(_("Give the client secret."), code="required")


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    form = IdentityProviderForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "municipality", "email_domains", "issuer", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "email_domains", "issuer"]
    autocomplete_fields = ["municipality"]


@admin.register(GroupGrant)
class GroupGrantAdmin(admin.ModelAdmin):
    list_display = ["group", "kind", "department", "municipality"]
    list_filter = ["kind"]
    search_fields = ["group"]
    autocomplete_fields = ["municipality", "department"]
