"""API v1 routes of the competences app (mounted by config.urls)."""

from competences.views.api import (
    AssessmentViewSet,
    CompetenceAreaViewSet,
    CompetenceViewSet,
    FrameworkViewSet,
    LadderViewSet,
    LevelViewSet,
    RoleViewSet,
)

routes = [
    ("frameworks", FrameworkViewSet, "framework"),
    ("competence-areas", CompetenceAreaViewSet, "competence-area"),
    ("competences", CompetenceViewSet, "competence"),
    ("levels", LevelViewSet, "level"),
    ("ladder", LadderViewSet, "ladder-stage"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("roles", RoleViewSet, "role"),
]
urlpatterns: list = []
