"""The base of every v1 view: idempotent POSTs and the caller's identity."""

from rest_framework import viewsets

from config.api.authentication import partner_of
from config.api.idempotency import IdempotentMixin
from employees.permissions import access_for


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
        return access_for(self.request.user)


class ApiViewSet(ApiViewSetMixin, viewsets.GenericViewSet):
    pass
