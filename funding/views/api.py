"""API v1: fund applications, their figures and workbooks (DESIGN §12).

Views parse and serialize; each step calls a funding service, which decides
who may take it. The caller's scope comes from the selectors: an application
out of scope answers 404 like a missing one.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, renderers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import ID_PATTERN
from api.permissions import IsStaffUser
from api.viewsets import ApiViewSet
from api.xlsx import XLSX, XlsxRenderer, workbook_response
from courses import selectors as course_selectors
from employees.access import access_for
from employees.models import EmployeeAccessLog
from employees.services import employee_access_log
from funding import downloads, figures, selectors, services
from funding.filters import FundApplicationFilter
from funding.serializers import (
    CostsChangeSerializer,
    DecisionSerializer,
    FiguresQuerySerializer,
    FiguresSerializer,
    FundApplicationCreateSerializer,
    FundApplicationSerializer,
)


def log_participants(request, application, channel: str) -> None:
    """A read of an application is a read of each participant's details."""
    for line in application.lines.all():
        employee_access_log(
            viewer=request.user,
            employee=line.employee,
            channel=channel,
            request=request,
        )


class FundApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Applications for Kompetencefond co-financing, scoped like enrollments."""

    permission_classes = [IsStaffUser]
    serializer_class = FundApplicationSerializer
    filterset_class = FundApplicationFilter
    ordering_fields = ["applied_on", "created_at", "id"]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return selectors.application_list(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        application = self.get_object()
        log_participants(request, application, EmployeeAccessLog.Channel.API)
        return Response(self.get_serializer(application).data)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if {"employee", "enrollment"} & set(request.query_params):
            # A list narrowed to one person reads that person's applications
            # (a handful), and so everyone on them.
            read = self.filter_queryset(self.get_queryset())[:10]
            for application in read:
                log_participants(request, application, EmployeeAccessLog.Channel.API)
        return response

    def respond(self, application, code=status.HTTP_200_OK) -> Response:
        application = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(application).data, status=code)

    @extend_schema(
        request=FundApplicationCreateSerializer,
        responses={201: FundApplicationSerializer},
        summary="File a draft application for one or more enrollments on a course",
        description=(
            "Costs are per participant; the fee defaults to the course price. The "
            "amount applied for and the workplace's share follow the fund rule in "
            "force today. 409 `session_started` once a session has begun, 409 "
            "`duplicate_application` for an enrollment applied for already, 400 "
            "`over_cap` (with `remaining`) above what the cap leaves."
        ),
    )
    def create(self, request):
        serializer = FundApplicationCreateSerializer(
            data=request.data,
            enrollments=course_selectors.enrollment_list(user=request.user),
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        costs = data.get("costs", {})
        application = services.fund_application_create(
            enrollments=data["enrollments"],
            actor=request.user,
            fee=costs.get("fee"),
            materials=costs.get("materials", 0),
            transport=costs.get("transport", 0),
            education_kind=data["education_kind"],
        )
        return self.respond(application, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=FundApplicationSerializer,
        summary="Sign as whichever signer the caller is",
        description=(
            "Participants sign first, then their manager, then a union "
            "representative: 409 `signature_out_of_order` before one's turn."
        ),
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        application = self.get_object()
        services.fund_application_sign(application=application, actor=request.user)
        return self.respond(application)

    @extend_schema(
        request=CostsChangeSerializer,
        responses=FundApplicationSerializer,
        summary="Change the costs (drops the signatures given)",
        description=(
            "Before submission only. A signed application answers 409 "
            "`signatures_present` unless `drop_signatures` is true."
        ),
    )
    @action(detail=True, methods=["post"])
    def costs(self, request, pk=None):
        application = self.get_object()
        serializer = CostsChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        costs = serializer.validated_data["costs"]
        services.fund_application_set_costs(
            application=application,
            actor=request.user,
            fee=costs.get("fee", application.fee),
            materials=costs["materials"],
            transport=costs["transport"],
            drop_signatures=serializer.validated_data["drop_signatures"],
        )
        return self.respond(application)

    @extend_schema(
        request=None,
        responses=FundApplicationSerializer,
        summary="Submit the signed application, before the course starts",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        services.fund_application_submit(application=application, actor=request.user)
        return self.respond(application)

    @extend_schema(
        request=DecisionSerializer,
        responses=FundApplicationSerializer,
        summary="HR records the fund's answer: granted, refused, then paid",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.fund_application_decide(
            application=application,
            state=serializer.validated_data["state"],
            actor=request.user,
        )
        return self.respond(application)


FIGURE_PARAMETERS = [
    OpenApiParameter(
        "department",
        OpenApiTypes.INT,
        description="Department id; without it, every subtree the caller leads.",
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description="Default: this year."),
]


def figures_query(request) -> dict:
    query = FiguresQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    if not access_for(request.user).is_lead:
        raise exceptions.PermissionDenied()
    return {"department": None, "year": None, **query.validated_data}


class FundingFiguresView(APIView):
    """Amounts applied for, granted and paid per department (with subtree)."""

    permission_classes = [IsStaffUser]

    @extend_schema(
        operation_id="funding_departments",
        parameters=FIGURE_PARAMETERS,
        responses={200: FiguresSerializer},
        description=(
            "One row per department of the subtree, depth-first, for HR and "
            "managers. Amounts count where each participant worked when the "
            "application was filed, by the year of the application date: "
            "`applied` what was submitted, `granted` granted or paid, `paid` paid."
        ),
    )
    def get(self, request):
        query = figures_query(request)
        rows = figures.funding_figures(user=request.user, **query)
        year = query["year"] or downloads.this_year()
        body = {"department": query["department"], "year": year, "results": rows}
        return Response(FiguresSerializer(body).data)


XLSX_RESPONSE = {(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)}


class FundingWorkbookView(APIView):
    permission_classes = [IsStaffUser]
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]

    @extend_schema(
        operation_id="reports_funding",
        parameters=FIGURE_PARAMETERS,
        responses=XLSX_RESPONSE,
        description="The figures of /api/v1/funding/departments/ as a workbook.",
    )
    def get(self, request):
        query = figures_query(request)
        return workbook_response(
            lambda out: downloads.funding_workbook_write(
                user=request.user, out=out, **query
            ),
            filename=downloads.funding_filename(query["year"]),
        )


class FundApplicationWorkbookView(APIView):
    permission_classes = [IsStaffUser]
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]

    @extend_schema(
        operation_id="reports_fund_application",
        responses=XLSX_RESPONSE,
        description="One application's summary: costs, amounts, participants, "
        "signatures. For those who see the application; others get 404.",
    )
    def get(self, request, pk: int):
        application = selectors.application_list(user=request.user).filter(pk=pk)
        application = application.first()
        if application is None:
            raise Http404
        log_participants(request, application, EmployeeAccessLog.Channel.EXPORT)
        return workbook_response(
            lambda out: downloads.application_workbook_write(
                application=application, out=out
            ),
            filename=f"kyndig-fund-application-{application.pk}.xlsx",
        )
