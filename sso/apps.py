from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")


class KyndigAdminConfig(AdminConfig):
    """Django's admin on a site that asks superusers for a second factor."""

    default_site = "sso.admin_site.AdminSite"
