"""API v1 routes of the courses app (mounted by config.urls)."""

from courses.views.catalogue import CourseViewSet, ProviderViewSet, SessionViewSet
from courses.views.enrollments import EnrollmentViewSet, PracticeTaskViewSet

routes = [
    ("providers", ProviderViewSet, "provider"),
    ("courses", CourseViewSet, "course"),
    ("sessions", SessionViewSet, "session"),
    ("enrollments", EnrollmentViewSet, "enrollment"),
    ("practice-tasks", PracticeTaskViewSet, "practice-task"),
]
urlpatterns: list = []
