"""The base of every v1 view: idempotent POSTs and the caller's identity."""

from django.conf import settings
from django.utils.module_loading import import_string
from rest_framework import viewsets

from api.authentication import partner_of
from api.idempotency import IdempotentMixin


class ApiViewSetMixin(IdempotentMixin):
    ordering_fields: list[str] = []
    search_fields: list[str] = []

    @property
    def for_schema(self) -> bool:
        """True while drf-spectacular inspects the view with a fake request."""
        return getattr(self, "swagger_fake_view", False)

    @property
    def provider(self):
        """The partner's Provider, or None for people and anonymous callers."""
        return partner_of(self.request)

    @property
    def access(self):
        """The caller's access policy object (``settings.ACCESS_POLICY``).

        Named by a setting, like Django's authentication backends, so the
        toolkit asks the domain's policy without importing a domain app.
        """
        return import_string(settings.ACCESS_POLICY)(self.request.user)


class ApiViewSet(ApiViewSetMixin, viewsets.GenericViewSet):
    pass
