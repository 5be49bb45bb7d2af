"""Competence pages: job roles and their profiles, assessments."""

from django.urls import path

from competences.views import pages

urlpatterns = [
    path(
        "employees/<int:pk>/assess/",
        pages.assessment_create,
        {"mode": "manager"},
        name="assessment_create",
    ),
    path(
        "employees/<int:pk>/self-assessment/",
        pages.assessment_create,
        {"mode": "self"},
        name="self_assessment_create",
    ),
    path(
        "employees/<int:pk>/conversation/",
        pages.assessment_conversation,
        name="assessment_conversation",
    ),
    path("help/levels/", pages.levels_help, name="levels_help"),
    path("team/", pages.team, name="team"),
    path("roles/", pages.role_list, name="role_list"),
    path("roles/new/", pages.role_edit, name="role_create"),
    path("roles/<int:pk>/edit/", pages.role_edit, name="role_edit"),
]
