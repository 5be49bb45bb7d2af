"""Pages about people and the organisation, and signing in and out."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from employees import org_pages, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", pages.my_page, name="my_page"),
    path("employees/", pages.employee_list, name="employee_list"),
    path("employees/import/", include("employees.import_pages")),
    path("employees/new/", pages.employee_edit, name="employee_create"),
    path("employees/<int:pk>/", pages.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", pages.employee_edit, name="employee_edit"),
    path(
        "employees/<int:pk>/assess/",
        pages.assessment_create,
        {"mode": "manager"},
        name="assessment_create",
    ),
    path(
        "employees/<int:pk>/self-assessment/",
        pages.assessment_create,
        {"mode": "self"},
        name="self_assessment_create",
    ),
    path("departments/", org_pages.department_list, name="department_list"),
    path("departments/new/", org_pages.department_edit, name="department_create"),
    path(
        "departments/<int:pk>/edit/", org_pages.department_edit, name="department_edit"
    ),
    path("roles/", org_pages.role_list, name="role_list"),
    path("roles/new/", org_pages.role_edit, name="role_create"),
    path("roles/<int:pk>/edit/", org_pages.role_edit, name="role_edit"),
]
