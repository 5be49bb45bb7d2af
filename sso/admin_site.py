"""The admin site: in production (``ADMIN_OTP``) only with a second factor.

django-otp's admin site asks for the TOTP code beside the password and treats a
user without a verified device as not staff. The choice is read per request,
so one site object serves both modes.
"""

from django.conf import settings
from django.contrib.admin import AdminSite as DjangoAdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class AdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        if settings.ADMIN_OTP:
            return OTPAdminAuthenticationForm
        return AdminAuthenticationForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_OTP else None

    def has_permission(self, request):
        if settings.ADMIN_OTP:
            return super().has_permission(request)
        return DjangoAdminSite.has_permission(self, request)
