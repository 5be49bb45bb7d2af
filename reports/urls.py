"""The manager dashboard page."""

from django.urls import path

from reports.views import pages

urlpatterns = [
    path("dashboard/", pages.dashboard, name="dashboard"),
]
