from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api.docs import SwaggerView
from api.views import ApiNotFound, health
from competences import api_urls as competences_api
from courses import api_urls as courses_api
from employees import api_urls as employees_api
from funding import api_urls as funding_api
from notifications import api_urls as notifications_api
from obligations import api_urls as obligations_api
from reports import api_urls as reports_api

# Under /api/ errors are problem+json, elsewhere pages (api.views).
handler400 = "api.views.bad_request"
handler500 = "api.views.server_error"

# Every app's API v1 endpoints, under one prefix and one router.
API_APPS = (
    employees_api,
    competences_api,
    courses_api,
    reports_api,
    notifications_api,
    funding_api,
    obligations_api,
)


def api_v1() -> list:
    router = SimpleRouter()
    for app in API_APPS:
        for prefix, viewset, basename in app.routes:
            router.register(prefix, viewset, basename=basename)
    paths = [pattern for app in API_APPS for pattern in app.urlpatterns]
    return [*paths, *router.urls]


urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1())),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Last under /api/: any other path there is a problem+json 404, not HTML.
    re_path(r"^api/", ApiNotFound.as_view()),
    # Server-rendered pages.
    path("", include("sso.urls")),
    path("", include("reports.urls")),
    path("", include("credentials.urls")),
    path("", include("notifications.urls")),
    path("", include("courses.urls")),
    path("", include("funding.urls")),
    path("", include("obligations.urls")),
    path("", include("competences.urls")),
    path("", include("employees.urls")),
]
