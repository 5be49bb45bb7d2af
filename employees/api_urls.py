"""API v1 routes of the employees app (mounted by config.urls)."""

from django.urls import path

from employees.views.api import DepartmentViewSet, EmployeeViewSet
from employees.views.imports_api import EmployeeImportView

routes = [
    ("departments", DepartmentViewSet, "department"),
    ("employees", EmployeeViewSet, "employee"),
]
urlpatterns = [
    path(
        "imports/employees/", EmployeeImportView.as_view(), name="api-employee-import"
    ),
]
