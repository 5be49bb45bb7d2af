"""API v1 routes of the employees app (mounted by config.urls)."""

from django.urls import path

from employees.api_imports import EmployeeImportView
from employees.views import DepartmentViewSet, EmployeeViewSet, RoleViewSet

routes = [
    ("departments", DepartmentViewSet, "department"),
    ("roles", RoleViewSet, "role"),
    ("employees", EmployeeViewSet, "employee"),
]
urlpatterns = [
    path(
        "imports/employees/", EmployeeImportView.as_view(), name="api-employee-import"
    ),
]
