from django.urls import path

from employees.api_imports import EmployeeImportView

urlpatterns = [
    path(
        "imports/employees/", EmployeeImportView.as_view(), name="api-employee-import"
    ),
]
