from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class ApiNotFound(APIView):
    """Unknown API paths answer like unknown objects: 404 problem+json."""

    schema = None
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.NotFound()
