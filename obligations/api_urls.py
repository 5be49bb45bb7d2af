"""API v1 routes of the obligations app (mounted by config.urls)."""

from django.urls import path

from obligations.views.api import (
    CampaignProgressView,
    CampaignViewSet,
    ComplianceWorkbookView,
    RequirementProgressView,
    RequirementViewSet,
)

routes = [
    ("requirements", RequirementViewSet, "requirement"),
    ("campaigns", CampaignViewSet, "campaign"),
]

urlpatterns = [
    path(
        "progress/requirements/",
        RequirementProgressView.as_view(),
        name="progress-requirements",
    ),
    path(
        "progress/campaigns/<int:pk>/",
        CampaignProgressView.as_view(),
        name="progress-campaigns",
    ),
    path(
        "reports/compliance/",
        ComplianceWorkbookView.as_view(),
        name="report-compliance",
    ),
]
