"""The root URLs plus views that fail, to see how errors under /api/ answer."""

from django.urls import path
from rest_framework.views import APIView

from config.urls import handler400, handler500, urlpatterns


class Boom(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def get(self, request):
        raise RuntimeError("secret internals: SELECT * FROM employees_employee")


def boom(request):
    raise RuntimeError("secret internals: SELECT * FROM employees_employee")


urlpatterns = [
    path("api/v1/boom/", Boom.as_view()),
    path("api/plain-boom/", boom),
    path("boom/", boom),
    *urlpatterns,
]
__all__ = ["handler400", "handler500", "urlpatterns"]
