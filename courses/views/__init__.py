"""API v1 of the courses app: the catalogue and the enrollment workflow."""

from courses.views.catalogue import CourseViewSet, ProviderViewSet, SessionViewSet
from courses.views.enrollments import EnrollmentViewSet, PracticeTaskViewSet

__all__ = [
    "CourseViewSet",
    "EnrollmentViewSet",
    "PracticeTaskViewSet",
    "ProviderViewSet",
    "SessionViewSet",
]
