"""Who may read figures and download reports (the grants decide, via Access)."""

from rest_framework.permissions import BasePermission

from api.permissions import is_staff_user
from employees.access import access_for


class CanViewReports(BasePermission):
    """Staff with at least one grant; employees without grants see nothing."""

    def has_permission(self, request, view):
        return is_staff_user(request) and access_for(request.user).can_view_reports()
