"""The API under ``/api/``: v1 resources, the OpenAPI schema and Swagger UI.

Progress figures and report downloads are mounted by ``reports.api_urls``
under the same ``/api/v1/`` prefix.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from competences.views import (
    AssessmentViewSet,
    CompetenceAreaViewSet,
    CompetenceViewSet,
    FrameworkViewSet,
    LadderViewSet,
    LevelViewSet,
)
from config.api.docs import SwaggerView
from config.api.views import ApiNotFound
from courses.views import (
    CourseViewSet,
    EnrollmentViewSet,
    PracticeTaskViewSet,
    ProviderViewSet,
    SessionViewSet,
)
from employees.views import DepartmentViewSet, EmployeeViewSet, RoleViewSet

router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("roles", RoleViewSet, basename="role")
router.register("employees", EmployeeViewSet, basename="employee")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("competence-areas", CompetenceAreaViewSet, basename="competence-area")
router.register("competences", CompetenceViewSet, basename="competence")
router.register("levels", LevelViewSet, basename="level")
router.register("ladder", LadderViewSet, basename="ladder-stage")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("providers", ProviderViewSet, basename="provider")
router.register("courses", CourseViewSet, basename="course")
router.register("sessions", SessionViewSet, basename="session")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")
router.register("practice-tasks", PracticeTaskViewSet, basename="practice-task")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: any other path under /api/ is a problem+json 404, not an HTML page.
    re_path(r"^", ApiNotFound.as_view()),
]
