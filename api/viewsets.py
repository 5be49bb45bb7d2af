"""The base of every v1 view: idempotent POSTs and the caller's identity."""

from django.conf import settings
from django.utils.module_loading import import_string
from rest_framework import exceptions, mixins, viewsets

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


class WritableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ApiViewSet,
):
    """List, read, create and update, each write decided by the view's hooks.

    ``may_create()`` gates creation (DRF runs no object permission on create);
    ``may_edit(obj)`` gates updates inside ``get_object``, before the body is
    validated, so a caller who may not edit learns nothing from field errors.
    Subclasses write through their services in ``perform_create`` and
    ``perform_update``.
    """

    def may_create(self) -> bool:
        raise NotImplementedError

    def may_edit(self, obj) -> bool:
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        if not self.may_create():
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in ("update", "partial_update") and not self.may_edit(obj):
            raise exceptions.PermissionDenied()
