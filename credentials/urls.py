"""Badge pages and documents (DESIGN §11). Everything under /badges/ is public
except the two actions, which need a signed-in user with the right access."""

from django.urls import path

from credentials.views import pages, public

urlpatterns = [
    path("badges/<uuid:uuid>/", pages.badge_page, name="badge_page"),
    path("badges/<uuid:uuid>.json", public.badge_json, name="badge_json"),
    path("badges/<uuid:uuid>.jwt", public.badge_jwt, name="badge_jwt"),
    path("badges/<uuid:uuid>/revoke/", pages.badge_revoke, name="badge_revoke"),
    path("badges/<uuid:uuid>/hide/", pages.badge_hide, name="badge_hide"),
    path("badges/issuers/<int:issuer>/", public.issuer_profile, name="badge_issuer"),
    path(
        "badges/issuers/<int:issuer>/jwks.json",
        public.issuer_jwks,
        name="badge_issuer_jwks",
    ),
    path(
        "badges/issuers/<int:issuer>/keys/<uuid:key_id>",
        public.issuer_key,
        name="badge_issuer_key",
    ),
    path(
        "badges/issuers/<int:issuer>/status/<int:number>",
        public.status_list,
        name="badge_status_list",
    ),
    path(
        "badges/achievements/<uuid:uuid>/<str:language>.json",
        public.achievement,
        name="badge_achievement",
    ),
]
