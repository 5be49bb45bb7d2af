"""Excel downloads: the file itself (200) or a queued job (202 + Location)."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsStaffUser
from api.xlsx import XLSX, XlsxRenderer
from api.xlsx import workbook_response as download
from employees.selectors import employee_list
from reports.models import ReportJob
from reports.permissions import CanViewReports
from reports.serializers import ReportJobSerializer
from reports.services import (
    ReportRequest,
    report_filename,
    report_job_create,
    report_size,
    report_write,
)
from reports.views.jobs import job_json
from reports.views.progress import PERIOD_PARAMETERS, period_query


def workbook_response(*, user, request: ReportRequest) -> FileResponse:
    return download(
        lambda out: report_write(user=user, request=request, out=out),
        filename=report_filename(request),
    )


REPORT_RESPONSES = {
    (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook."),
    202: OpenApiResponse(
        ReportJobSerializer,
        description="Too large to make at once: queued; `Location` names the job.",
    ),
}


class ScopedReportView(APIView):
    """A report over a department subtree and a period."""

    permission_classes = [CanViewReports]
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]
    kind: str = ""

    def get(self, request):
        query = period_query(request)
        report = ReportRequest(
            kind=self.kind,
            department=query.get("department"),
            date_from=query["from"],
            date_to=query["to"],
            role=query.get("role"),
        )
        size = report_size(user=request.user, request=report)
        if size > settings.REPORT_SYNC_MAX_EMPLOYEES:
            return queued_response(request, report)
        return workbook_response(user=request.user, request=report)


def queued_response(request, report: ReportRequest) -> Response:
    job = report_job_create(user=request.user, request=report)
    job.refresh_from_db()
    location = reverse("report-job", args=[job.pk])
    return Response(
        job_json(request, job),
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": location},
    )


class DepartmentProgressReportView(ScopedReportView):
    kind = ReportJob.Kind.DEPARTMENT_PROGRESS

    @extend_schema(
        operation_id="reports_department_progress",
        parameters=PERIOD_PARAMETERS,
        responses=REPORT_RESPONSES,
        description=(
            "The department progress workbook: summary per department, department "
            "× competence, employees (HR and managers only), a stage chart and the "
            "parameters. Its numbers are those of /api/v1/progress/departments/."
        ),
    )
    def get(self, request):
        return super().get(request)


class CourseActivityReportView(ScopedReportView):
    kind = ReportJob.Kind.COURSE_ACTIVITY

    @extend_schema(
        operation_id="reports_course_activity",
        parameters=PERIOD_PARAMETERS,
        responses=REPORT_RESPONSES,
        description=(
            "Per course and session starting in the period: seats, enrolled, "
            "waitlisted, attended, completed, practice tasks approved and "
            "competence moves, counted over the employees in scope."
        ),
    )
    def get(self, request):
        return super().get(request)


class EmployeeReportView(APIView):
    """One employee's competence sheet for the appraisal conversation (MUS)."""

    permission_classes = [IsStaffUser]
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]

    @extend_schema(
        operation_id="reports_employee",
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)},
        description=(
            "Current against target per competence, history and suggested courses. "
            "For the employee themself, HR and managers over them; others get 404."
        ),
    )
    def get(self, request, pk: int):
        if not employee_list(user=request.user, detail=True).filter(pk=pk).exists():
            raise Http404
        report = ReportRequest(kind=ReportJob.Kind.EMPLOYEE, employee=pk)
        return workbook_response(user=request.user, request=report)
