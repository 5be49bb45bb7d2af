"""Pages about people and the organisation, and signing in and out."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from employees.views import pages

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
    path("employees/import/", include("employees.views.imports")),
    path("employees/new/", pages.employee_edit, name="employee_create"),
    path("employees/<int:pk>/", pages.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", pages.employee_edit, name="employee_edit"),
    path("departments/", pages.department_list, name="department_list"),
    path("departments/new/", pages.department_edit, name="department_create"),
    path("departments/<int:pk>/edit/", pages.department_edit, name="department_edit"),
]
