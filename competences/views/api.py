"""API v1: the competence frameworks (public), assessments and job role profiles
(scoped by the access policy)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.response import Response

from api.fields import ID_PATTERN
from api.permissions import IsStaffUser, ReadOnlyPublic
from api.viewsets import ApiViewSet, WritableViewSet
from competences import selectors
from competences.filters import (
    AssessmentFilter,
    CompetenceAreaFilter,
    CompetenceFilter,
    LevelFilter,
)
from competences.models import (
    Assessment,
    Competence,
    CompetenceArea,
    Framework,
    LadderStage,
    Level,
)
from competences.serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    CompetenceAreaSerializer,
    CompetenceSerializer,
    FrameworkSerializer,
    LadderStageSerializer,
    LevelSerializer,
    RoleSerializer,
)
from competences.services import assessment_record, role_save
from employees import selectors as employee_selectors
from employees.filters import RoleFilter
from employees.models import JobRole
from employees.views.api import LoggedPersonReads


class _ReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Framework data is public: anyone may read it, nobody writes it here."""

    permission_classes = [ReadOnlyPublic]
    lookup_value_regex = ID_PATTERN


class FrameworkViewSet(_ReferenceViewSet):
    serializer_class = FrameworkSerializer
    search_fields = ["name_da", "name_en"]
    ordering_fields = ["code", "version", "id"]

    def get_queryset(self):
        return Framework.objects.all()


class CompetenceAreaViewSet(_ReferenceViewSet):
    serializer_class = CompetenceAreaSerializer
    filterset_class = CompetenceAreaFilter
    search_fields = ["name_da", "name_en"]
    ordering_fields = ["code", "id"]

    def get_queryset(self):
        return CompetenceArea.objects.all()


class CompetenceViewSet(_ReferenceViewSet):
    serializer_class = CompetenceSerializer
    filterset_class = CompetenceFilter
    search_fields = ["name_da", "name_en"]
    ordering_fields = ["code", "id"]

    def get_queryset(self):
        return Competence.objects.select_related("framework", "area")


class LevelViewSet(_ReferenceViewSet):
    serializer_class = LevelSerializer
    filterset_class = LevelFilter
    ordering_fields = ["level", "id"]

    def get_queryset(self):
        return Level.objects.select_related("framework")


class LadderViewSet(_ReferenceViewSet):
    serializer_class = LadderStageSerializer
    ordering_fields = ["min_level", "id"]

    def get_queryset(self):
        return LadderStage.objects.all()


class AssessmentViewSet(
    LoggedPersonReads, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Assessments of employees whose details the caller may see.

    Append-only: a correction is a new assessment, so there is no update.
    """

    permission_classes = [IsStaffUser]
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["assessed_at", "level", "id"]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        employees = employee_selectors.employee_list(
            user=self.request.user, detail=True
        )
        return Assessment.objects.filter(
            employee__in=employees.values("pk")
        ).select_related("employee", "competence")

    @extend_schema(
        request=AssessmentCreateSerializer, responses={201: AssessmentSerializer}
    )
    def create(self, request):
        employees = employee_selectors.employee_list(user=request.user, detail=True)
        serializer = AssessmentCreateSerializer(data=request.data, employees=employees)
        serializer.is_valid(raise_exception=True)
        employee = serializer.validated_data["employee"]
        if self.access.can_assess(employee):
            source = Assessment.Source.MANAGER
        elif self.access.can_self_assess(employee):
            source = Assessment.Source.SELF
        else:
            raise exceptions.PermissionDenied()
        assessment = assessment_record(
            employee=employee,
            competence=serializer.validated_data["competence"],
            level=serializer.validated_data["level"],
            note=serializer.validated_data.get("note", ""),
            source=source,
            assessed_by=request.user,
            confirm_lowering=serializer.validated_data["confirm_lowering"],
        )
        data = AssessmentSerializer(assessment).data
        return Response(data, status=status.HTTP_201_CREATED)


class RoleViewSet(WritableViewSet):
    """Job roles with their competence profiles; HR over a whole municipality
    keeps its roles."""

    permission_classes = [IsStaffUser]
    lookup_value_regex = ID_PATTERN
    serializer_class = RoleSerializer
    filterset_class = RoleFilter
    search_fields = ["name"]
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        if self.for_schema:
            return JobRole.objects.none()
        return selectors.roles_with_profile(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        kwargs["municipalities"] = self.access.role_municipalities()
        return super().get_serializer(*args, **kwargs)

    def may_create(self) -> bool:
        return self.access.is_hr

    def may_edit(self, obj) -> bool:
        return self.access.may_keep_roles(obj.municipality)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = role_save(
            municipality=data["municipality"],
            name=data["name"],
            description=data.get("description", ""),
            profile=_profile(data.get("profile", [])),
        )

    def perform_update(self, serializer):
        role, data = serializer.instance, serializer.validated_data
        profile = data.get("profile")
        role_save(
            role=role,
            name=data.get("name", role.name),
            description=data.get("description", role.description),
            profile=None if profile is None else _profile(profile),
        )


def _profile(rows: list[dict]) -> list[tuple]:
    return [(row["competence"], row["target_level"]) for row in rows]
