"""API v1 of DESIGN §9: requirements, campaigns, tries and their figures.

Views parse and serialize; the services decide who may write, the selectors
and the access policy what the caller sees (out of scope answers 404).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, renderers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import ID_PATTERN
from api.pagination import StandardPagination
from api.permissions import IsStaffUser
from api.viewsets import ApiViewSet
from api.xlsx import XLSX, XlsxRenderer, workbook_response
from employees.access import access_for
from employees.models import Employee
from obligations import downloads, figures, selectors, services
from obligations.models import Campaign
from obligations.serializers import (
    CampaignEvidenceSerializer,
    CampaignProgressSerializer,
    CampaignSerializer,
    CampaignTrySerializer,
    CampaignWriteSerializer,
    ExemptionSerializer,
    PersonRowSerializer,
    ProgressQuerySerializer,
    RequirementProgressSerializer,
    RequirementSerializer,
    RequirementWriteSerializer,
)
from obligations.status import statuses


class _AudienceWrites:
    write_serializer = None

    def write_data(self, partial: bool) -> dict:
        serializer = self.write_serializer(
            data=self.request.data,
            partial=partial,
            departments=self.access.departments(),
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, obj, code=status.HTTP_200_OK):
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=code)


class RequirementViewSet(
    _AudienceWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Requirements: HR writes in scope; the audience reads their own."""

    permission_classes = [IsStaffUser]
    serializer_class = RequirementSerializer
    write_serializer = RequirementWriteSerializer
    ordering_fields = ["name", "id"]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return selectors.requirement_list(user=self.request.user)

    @extend_schema(
        request=RequirementWriteSerializer, responses={201: RequirementSerializer}
    )
    def create(self, request):
        data = self.write_data(partial=False)
        requirement = services.requirement_create(actor=request.user, **data)
        return self.respond(requirement, status.HTTP_201_CREATED)

    @extend_schema(request=RequirementWriteSerializer, responses=RequirementSerializer)
    def partial_update(self, request, pk=None):
        requirement = self.get_object()
        data = self.write_data(partial=True)
        services.requirement_update(requirement=requirement, actor=request.user, **data)
        return self.respond(requirement)

    @extend_schema(responses=PersonRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def people(self, request, pk=None):
        """Per-person status rows in the caller's scope (HR and managers)."""
        requirement = self.get_object()
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        access = access_for(request.user)
        scope = access.lead_part(
            access.figure_scope(query.validated_data.get("department"))
        )
        at = query.validated_data.get("at") or timezone.localdate()
        rows = statuses(requirement, at=at, within=scope.employees()) if scope else []
        paginator = StandardPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            PersonRowSerializer(page, many=True).data
        )

    @extend_schema(request=ExemptionSerializer, responses={201: ExemptionSerializer})
    @action(detail=True, methods=["post"])
    def exemptions(self, request, pk=None):
        """HR exempts a person, with a reason (audited)."""
        requirement = self.get_object()
        serializer = ExemptionSerializer(
            data=request.data, employees=access_for(request.user).hr_employees()
        )
        serializer.is_valid(raise_exception=True)
        exemption = services.exemption_grant(
            requirement=requirement, actor=request.user, **serializer.validated_data
        )
        return Response(
            {
                "id": exemption.pk,
                "employee": exemption.employee_id,
                "reason": exemption.reason,
            },
            status=status.HTTP_201_CREATED,
        )


class CampaignViewSet(
    _AudienceWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Technology roll-outs: HR writes; the audience submits tries."""

    permission_classes = [IsStaffUser]
    serializer_class = CampaignSerializer
    write_serializer = CampaignWriteSerializer
    ordering_fields = ["starts_on", "name", "id"]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return selectors.campaign_list(user=self.request.user)

    @extend_schema(request=CampaignWriteSerializer, responses={201: CampaignSerializer})
    def create(self, request):
        data = self.write_data(partial=False)
        campaign = services.campaign_create(actor=request.user, **data)
        return self.respond(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=CampaignWriteSerializer, responses=CampaignSerializer)
    def partial_update(self, request, pk=None):
        campaign = self.get_object()
        data = self.write_data(partial=True)
        services.campaign_update(campaign=campaign, actor=request.user, **data)
        return self.respond(campaign)

    @extend_schema(
        request=CampaignEvidenceSerializer, responses={201: CampaignTrySerializer}
    )
    @action(detail=True, methods=["post"])
    def tries(self, request, pk=None):
        """The employee's evidence that they tried it in their own work; the
        answer's ``practice_task`` is the id to approve or return it by at
        /api/v1/practice-tasks/<id>/approve/ and /return/ (§5.1)."""
        campaign = self.get_object()
        employee = Employee.objects.filter(user=request.user).first()
        if employee is None:
            raise exceptions.PermissionDenied()
        serializer = CampaignEvidenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attempt = services.campaign_try_submit(
            campaign=campaign,
            employee=employee,
            evidence=serializer.validated_data["evidence"],
            actor=request.user,
        )
        attempt = selectors.try_list(user=request.user).get(pk=attempt.pk)
        return Response(
            CampaignTrySerializer(attempt).data, status=status.HTTP_201_CREATED
        )


def _figures_query(request):
    query = ProgressQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    access = access_for(request.user)
    if not access.can_view_reports():
        raise exceptions.PermissionDenied()
    data = query.validated_data
    return access, data


class RequirementProgressView(APIView):
    """GET /api/v1/progress/requirements/?department=&requirement=&at="""

    permission_classes = [IsStaffUser]

    @extend_schema(
        parameters=[ProgressQuerySerializer],
        responses=RequirementProgressSerializer,
    )
    def get(self, request):
        access, data = _figures_query(request)
        body = requirement_progress(access, **data)
        return Response(body)


def requirement_progress(access, *, department=None, requirement=None, at=None):
    """The JSON of the requirement figures (also what the workbook writes)."""
    scope = figures.scope_for(access, department)
    at = at or timezone.localdate()
    requirements = figures.requirements_in(scope)
    if requirement is not None:
        requirements = requirements.filter(pk=requirement)
        if not requirements.exists():
            raise Http404
    rows = []
    for item in requirements.prefetch_related("departments", "job_roles", "courses"):
        rows.extend(figures.requirement_rows(item, scope, at=at))
    return {"department": department, "at": at.isoformat(), "results": rows}


class CampaignProgressView(APIView):
    """GET /api/v1/progress/campaigns/<id>/?department="""

    permission_classes = [IsStaffUser]

    @extend_schema(
        parameters=[ProgressQuerySerializer], responses=CampaignProgressSerializer
    )
    def get(self, request, pk: int):
        access, data = _figures_query(request)
        return Response(campaign_progress(access, pk, **data))


def campaign_progress(access, pk, *, department=None, at=None, **_ignored):
    scope = figures.scope_for(access, department)
    campaigns = Campaign.objects.filter(
        municipality_id__in=scope.subtrees.departments().values("municipality_id")
    )
    campaign = get_object_or_404(campaigns, pk=pk)
    rows = figures.campaign_rows(campaign, scope, at=at or timezone.localdate())
    return {"department": department, "results": rows}


class ComplianceWorkbookView(APIView):
    """GET /api/v1/reports/compliance/?department=&requirement=&at="""

    permission_classes = [IsStaffUser]
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]

    @extend_schema(
        parameters=[ProgressQuerySerializer],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)},
        description="The figures of /progress/requirements/ and of each campaign, "
        "with a person sheet for HR and managers.",
    )
    def get(self, request):
        access, data = _figures_query(request)
        figures.scope_for(access, data.get("department"))  # 404 when out of scope
        return workbook_response(
            lambda out: downloads.compliance_workbook_write(
                access=access, out=out, **data
            ),
            filename="kyndig-compliance.xlsx",
        )
