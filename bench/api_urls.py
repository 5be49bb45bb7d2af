"""The benchmark's URLconf: the whole application plus the bare views."""

from django.urls import include, path

from bench import api_bare

urlpatterns = [
    path("bare/employees/", api_bare.employees),
    path("bare/enrollments/", api_bare.enrollments),
    path("bare/courses/", api_bare.courses),
    path("bare/sessions/", api_bare.sessions),
    path("", include("config.urls")),
]
