"""Report jobs: their state and, when done, the file; for the requester only."""

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsStaffUser
from api.xlsx import XLSX
from reports.models import ReportJob
from reports.serializers import ReportJobSerializer
from reports.services import ReportRequest, report_filename

XLSX_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="The workbook.")


def job_json(request, job: ReportJob) -> dict:
    download = None
    if job.state == ReportJob.State.DONE and job.file:
        download = request.build_absolute_uri(
            reverse("report-job-download", args=[job.pk])
        )
    return {
        "id": job.pk,
        "state": job.state,
        "download": download,
        "detail": job.detail,
    }


def requester_job(request, pk: int) -> ReportJob:
    """The caller's own unexpired job; anyone else's answers 404."""
    job = ReportJob.objects.live().of(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


class ReportJobView(APIView):
    permission_classes = [IsStaffUser]

    @extend_schema(
        operation_id="reports_job",
        responses={200: ReportJobSerializer},
        description="A queued report. Only its requester sees it, until it expires.",
    )
    def get(self, request, pk: int):
        return Response(job_json(request, requester_job(request, pk)))


class ReportJobDownloadView(APIView):
    permission_classes = [IsStaffUser]

    @extend_schema(
        operation_id="reports_job_download", responses={(200, XLSX): XLSX_RESPONSE}
    )
    def get(self, request, pk: int):
        job = requester_job(request, pk)
        if job.state != ReportJob.State.DONE or not job.file:
            raise Http404
        report = ReportRequest.from_json(job.kind, job.parameters)
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=report_filename(report),
            content_type=XLSX,
        )
