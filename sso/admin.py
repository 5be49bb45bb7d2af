from django.contrib import admin
from django.db import models

from sso.models import GroupGrant, IdentityProvider


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "email_domains", "issuer", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "email_domains", "issuer"]
    autocomplete_fields = ["municipality"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(GroupGrant)
class GroupGrantAdmin(admin.ModelAdmin):
    list_display = ["group", "kind", "department", "municipality"]
    list_filter = ["kind"]
    search_fields = ["group"]
    autocomplete_fields = ["municipality", "department"]
