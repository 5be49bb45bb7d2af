"""Pages about people and the organisation (signing in and out: sso)."""

from django.urls import include, path

from employees.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("me/", pages.my_page, name="my_page"),
    path("employees/", pages.employee_list, name="employee_list"),
    path("employees/import/", include("employees.views.imports")),
    path("employees/new/", pages.employee_edit, name="employee_create"),
    path("employees/<int:pk>/", pages.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", pages.employee_edit, name="employee_edit"),
    path("departments/", pages.department_list, name="department_list"),
    path("departments/new/", pages.department_edit, name="department_create"),
    path("departments/<int:pk>/edit/", pages.department_edit, name="department_edit"),
]
