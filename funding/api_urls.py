"""API v1 routes of the funding app (mounted by config.urls)."""

from django.urls import path

from funding.views.api import (
    FundApplicationViewSet,
    FundApplicationWorkbookView,
    FundingFiguresView,
    FundingWorkbookView,
)

routes = [("fund-applications", FundApplicationViewSet, "fund-application")]

urlpatterns = [
    path(
        "funding/departments/",
        FundingFiguresView.as_view(),
        name="funding-departments",
    ),
    path("reports/funding/", FundingWorkbookView.as_view(), name="report-funding"),
    path(
        "reports/fund-application/<int:pk>/",
        FundApplicationWorkbookView.as_view(),
        name="report-fund-application",
    ),
]
