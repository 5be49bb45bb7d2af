import requests
from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sso import saml
from sso.models import GroupGrant, IdentityProvider, SamlIdentityProvider, domain_list


def _domain_clash(form, model) -> None:
    """A domain leads to one provider only, whichever its kind."""
    domains = set(domain_list(form.cleaned_data.get("email_domains") or ""))
    if not domains or not form.cleaned_data.get("is_active"):
        return
    for other in (IdentityProvider, SamlIdentityProvider):
        rows = other.objects.filter(is_active=True)
        if other is model and form.instance.pk:
            rows = rows.exclude(pk=form.instance.pk)
        for row in rows:
            taken = domains & set(row.domains())
            if taken:
                form.add_error(
                    "email_domains",
                    _("%(domain)s already leads to the provider %(name)s.")
                    % {"domain": sorted(taken)[0], "name": row.name},
                )
                return


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
        # A stored secret no key decrypts reads as empty: ask for it again
        # rather than save the empty text over the stored one.
        if self.instance.pk and self.instance.client_secret:
            return self.instance.client_secret
        raise forms.ValidationError(_("Give the client secret."), code="required")

    def clean(self):
        cleaned = super().clean()
        _domain_clash(self, IdentityProvider)
        return cleaned


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    form = IdentityProviderForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "municipality", "email_domains", "issuer", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "email_domains", "issuer"]
    autocomplete_fields = ["municipality"]


class SamlIdentityProviderForm(forms.ModelForm):
    """The IdP's metadata from an address, a file or pasted, read and checked
    before it is saved: metadata that cannot be had or names no IdP is a
    form error, never a stored row that fails at sign-in."""

    class Meta:
        model = SamlIdentityProvider
        fields = [
            "municipality",
            "name",
            "email_domains",
            "metadata_url",
            "metadata_file",
            "metadata_xml",
            "attribute_email",
            "attribute_employee_number",
            "is_active",
        ]
        formfield_callback = _https_urls

    def clean(self):
        cleaned = super().clean()
        _domain_clash(self, SamlIdentityProvider)
        url = cleaned.get("metadata_url")
        path = (cleaned.get("metadata_file") or "").strip()
        if url and path:
            self.add_error(
                "metadata_file", _("Give the metadata's address or its file, not both.")
            )
            return cleaned
        field, xml = "metadata_xml", (cleaned.get("metadata_xml") or "").strip()
        if url:
            field = "metadata_url"
            try:
                xml = saml.read_metadata_url(url)
            except requests.RequestException:
                self.add_error(field, _("The address did not answer with metadata."))
                return cleaned
        elif path:
            field = "metadata_file"
            try:
                xml = saml.read_metadata_file(path)
            except (OSError, UnicodeError):
                self.add_error(field, _("The file cannot be read."))
                return cleaned
        elif not xml:
            if "metadata_url" not in self.errors:
                self.add_error(
                    "metadata_xml",
                    _("Give the metadata: its address, its file, or the XML itself."),
                )
            return cleaned
        try:
            self.instance.entity_id = saml.idp_entity_id(xml)
        except saml.MetadataInvalid:
            self.add_error(
                field,
                _(
                    "This is not the metadata of one SAML identity provider "
                    "with a sign-on service."
                ),
            )
            return cleaned
        cleaned["metadata_xml"] = xml
        self.instance.metadata_fetched_at = timezone.now() if (url or path) else None
        return cleaned


@admin.register(SamlIdentityProvider)
class SamlIdentityProviderAdmin(admin.ModelAdmin):
    form = SamlIdentityProviderForm
    list_display = [
        "name",
        "municipality",
        "email_domains",
        "entity_id",
        "metadata_fetched_at",
        "is_active",
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "email_domains", "entity_id"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["municipality"]
    readonly_fields = ["entity_id", "metadata_fetched_at"]


@admin.register(GroupGrant)
class GroupGrantAdmin(admin.ModelAdmin):
    list_display = ["group", "kind", "department", "municipality"]
    list_filter = ["kind"]
    search_fields = ["group"]
    autocomplete_fields = ["municipality", "department"]
