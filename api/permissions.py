"""Coarse gates per endpoint; object rules live in the apps' policy objects."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.authentication import PartnerUser


def is_partner(request) -> bool:
    return isinstance(request.user, PartnerUser)


def is_staff_user(request) -> bool:
    """A signed-in person (session or personal token), not a partner key."""
    user = request.user
    return bool(user and user.is_authenticated) and not is_partner(request)


class IsStaffUser(BasePermission):
    """The default: people only. Partner keys reach only the catalogue views."""

    def has_permission(self, request, view):
        return is_staff_user(request)


class IsPartner(BasePermission):
    def has_permission(self, request, view):
        return is_partner(request)


class IsStaffUserOrPartner(BasePermission):
    def has_permission(self, request, view):
        return is_staff_user(request) or is_partner(request)


class CatalogueAccess(BasePermission):
    """Anyone reads the published catalogue; only partners write to it."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return is_partner(request)


class ReadOnlyPublic(BasePermission):
    """Reference data (frameworks, competences, ladder): read by anyone."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS
