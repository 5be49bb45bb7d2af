from django.contrib import admin
from django.db import connection
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """Liveness and database reachability for load balancers; no data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # REST API v1: each part mounts its own routes under the same prefix.
    path("api/v1/", include("reports.api_urls")),
    path("api/v1/", include("employees.api_urls")),
    path("api/", include("config.api.urls")),
    # Server-rendered pages.
    path("", include("reports.urls")),
    path("", include("courses.urls")),
    path("", include("employees.urls")),
]
