"""API v1 paths of the reports app (mounted by config.urls)."""

from django.urls import path

from reports.views.downloads import (
    CourseActivityReportView,
    DepartmentProgressReportView,
    EmployeeReportView,
)
from reports.views.jobs import ReportJobDownloadView, ReportJobView
from reports.views.progress import DepartmentProgressView

routes: list = []

urlpatterns = [
    path(
        "progress/departments/",
        DepartmentProgressView.as_view(),
        name="progress-departments",
    ),
    path(
        "reports/department-progress/",
        DepartmentProgressReportView.as_view(),
        name="report-department-progress",
    ),
    path(
        "reports/course-activity/",
        CourseActivityReportView.as_view(),
        name="report-course-activity",
    ),
    path(
        "reports/employee/<int:pk>/",
        EmployeeReportView.as_view(),
        name="report-employee",
    ),
    path("reports/jobs/<int:pk>/", ReportJobView.as_view(), name="report-job"),
    path(
        "reports/jobs/<int:pk>/download/",
        ReportJobDownloadView.as_view(),
        name="report-job-download",
    ),
]
