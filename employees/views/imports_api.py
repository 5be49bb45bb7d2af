"""POST /api/v1/imports/employees/: the HR import over the API.

Multipart form: ``file`` (.xlsx or .csv), ``dry_run`` (default true: a client
must ask explicitly to write), ``full`` (deactivate employees missing from
the file) and ``municipality`` (a code; needed only by users who are HR in
several municipalities). Answers the import report: 200 for a dry run, 201
when applied, 400 ``application/problem+json`` with ``code`` ``import_invalid``
and one ``errors`` entry per row problem when nothing was written, and 409
``import_conflict`` when the data changed under the import (retry it).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import PROBLEM_CONTENT_TYPE, problem
from api.parsers import MultiPartParser
from api.permissions import IsStaffUser
from employees.access import access_for
from employees.imports import ImportFileError, employee_import_run, import_municipality


class FlagField(serializers.BooleanField):
    """DRF's yes/no words plus the Danish ones HR staff type."""

    TRUE_VALUES = serializers.BooleanField.TRUE_VALUES | {"ja"}
    FALSE_VALUES = serializers.BooleanField.FALSE_VALUES | {"nej"}


class ImportRequestSerializer(serializers.Serializer):
    # An unknown word is a 400: a typo in dry_run must never write.
    file = serializers.FileField(
        error_messages={"required": gettext_lazy("Attach the file to import.")}
    )
    dry_run = FlagField(default=True)
    full = FlagField(default=False)
    municipality = serializers.CharField(required=False, allow_blank=True)


class ImportInvalid(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "import_invalid"


class ImportConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "import_conflict"


class EmployeeImportView(APIView):
    permission_classes = [IsStaffUser]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={200: dict, 201: dict, 400: dict, 409: dict},
    )
    def post(self, request):
        if not access_for(request.user).is_hr:
            raise exceptions.PermissionDenied()
        query = ImportRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        upload, dry_run = query.validated_data["file"], query.validated_data["dry_run"]
        try:
            municipality = import_municipality(
                user=request.user,
                code=query.validated_data.get("municipality") or None,
            )
        except ImportFileError as error:
            raise exceptions.ValidationError({"municipality": [str(error)]}) from error
        report = employee_import_run(
            data=_read(upload),
            filename=upload.name,
            municipality=municipality,
            user=request.user,
            dry_run=dry_run,
            full=query.validated_data["full"],
        )
        if report.ok:
            code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
            return Response(report.as_dict(), status=code)
        return _problem(report)


def _read(upload) -> bytes:
    # Read one byte past the cap at most: the reader then names the limit.
    return upload.read(settings.IMPORT_MAX_BYTES + 1)


def _problem(report) -> Response:
    detail = report.file_error or _("%(n)s row error(s); nothing was imported.") % {
        "n": len(report.errors)
    }
    errors = [
        {
            "field": error["column"],
            "code": "invalid",
            "message": error["message"],
            "sheet": error["sheet"],
            "row": error["row"],
        }
        for error in report.errors
    ]
    error = ImportConflict(detail) if report.conflict else ImportInvalid(detail)
    body = problem(error, error.status_code)
    body.update(errors=errors, report=report.as_dict())
    return Response(body, status=error.status_code, content_type=PROBLEM_CONTENT_TYPE)
