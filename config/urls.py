from django.contrib import admin
from django.db import connection
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api.docs import SwaggerView
from api.views import ApiNotFound
from competences import api_urls as competences_api
from courses import api_urls as courses_api
from employees import api_urls as employees_api
from funding import api_urls as funding_api
from reports import api_urls as reports_api

# Every app's API v1 endpoints, under one prefix and one router.
API_APPS = (employees_api, competences_api, courses_api, reports_api, funding_api)


@never_cache
@require_GET
def health(request):
    """Liveness and database reachability for load balancers; no data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
    path("", include("reports.urls")),
    path("", include("courses.urls")),
    path("", include("funding.urls")),
    path("", include("competences.urls")),
    path("", include("employees.urls")),
]
