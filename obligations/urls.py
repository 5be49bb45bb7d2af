"""Pages of requirements and roll-out campaigns."""

from django.urls import path

from obligations.views import pages

urlpatterns = [
    path("obligations/", pages.overview, name="obligations"),
    path("obligations/audience-size/", pages.audience_size, name="audience_size"),
    path(
        "obligations/requirements/new/",
        pages.requirement_create,
        name="requirement_create",
    ),
    path(
        "obligations/requirements/<int:pk>/",
        pages.requirement_detail,
        name="requirement_detail",
    ),
    path(
        "obligations/requirements/<int:pk>/edit/",
        pages.requirement_edit,
        name="requirement_edit",
    ),
    path(
        "obligations/requirements/<int:pk>/exemptions/",
        pages.exemption_grant,
        name="exemption_grant",
    ),
    path("obligations/campaigns/new/", pages.campaign_create, name="campaign_create"),
    path(
        "obligations/campaigns/<int:pk>/", pages.campaign_detail, name="campaign_detail"
    ),
    path(
        "obligations/campaigns/<int:pk>/edit/",
        pages.campaign_edit,
        name="campaign_edit",
    ),
    path("obligations/campaigns/<int:pk>/try/", pages.try_submit, name="try_submit"),
    path("obligations/tries/<int:pk>/review/", pages.try_review, name="try_review"),
]
