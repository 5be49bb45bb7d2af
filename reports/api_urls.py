from django.urls import path

from reports.views.progress import DepartmentProgressView

urlpatterns = [
    path(
        "progress/departments/",
        DepartmentProgressView.as_view(),
        name="progress-departments",
    ),
]
