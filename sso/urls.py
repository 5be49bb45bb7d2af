from django.urls import path

from sso import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("sso/oidc/start/", views.oidc_start, name="oidc_start"),
    path("sso/oidc/callback/", views.oidc_callback, name="oidc_callback"),
]
