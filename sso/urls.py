from django.urls import path

from sso import saml, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("sso/oidc/start/", views.oidc_start, name="oidc_start"),
    path("sso/oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("saml/login/", saml.LoginView.as_view(), name="saml_login"),
    path("saml/acs/", saml.AssertionConsumerServiceView.as_view(), name="saml_acs"),
    path("saml/metadata/", saml.MetadataView.as_view(), name="saml_metadata"),
    path("saml/ls/", saml.LogoutServiceView.as_view(), name="saml_ls"),
    path("saml/ls/post/", saml.LogoutServiceView.as_view(), name="saml_ls_post"),
]
