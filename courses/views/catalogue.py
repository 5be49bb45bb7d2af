"""Providers, courses and sessions: public reads, partner writes."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.fastlist import ValuesListMixin
from api.fields import ID_PATTERN
from api.permissions import (
    CatalogueAccess,
    IsStaffUser,
    IsStaffUserOrPartner,
    ReadOnlyPublic,
)
from api.viewsets import ApiViewSet
from courses import selectors, services
from courses.filters import CourseFilter, ProviderFilter, SessionFilter
from courses.permissions import can_cancel_session
from courses.serializers import (
    BulkEnrollSerializer,
    BulkResultsSerializer,
    CourseSerializer,
    ProviderSerializer,
    RosterRowSerializer,
    SessionSerializer,
    SessionWriteSerializer,
)
from courses.views import rows as row_specs
from employees.selectors import employees_enrollable_by


class ProviderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    permission_classes = [ReadOnlyPublic]
    serializer_class = ProviderSerializer
    filterset_class = ProviderFilter
    search_fields = ["name"]
    ordering_fields = ["name", "code", "id"]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return selectors.provider_list()


class _CatalogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    ApiViewSet,
):
    """Anyone reads; a partner creates (an upsert by external_id) and updates
    its own rows, which are the only ones its selector returns."""

    permission_classes = [CatalogueAccess]
    lookup_value_regex = ID_PATTERN

    def selector_kwargs(self) -> dict:
        if self.provider is not None:
            return {"provider": self.provider}
        return {"user": self.request.user}

    def written(self, row, created: bool = False):
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.read_serializer(row), status=code)


class CourseViewSet(ValuesListMixin, _CatalogueViewSet):
    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    search_fields = ["title"]
    ordering_fields = ["title", "hours", "price_dkk", "id"]
    values_list = row_specs.COURSE_ROW

    def rows(self, spec, page):
        return row_specs.course_rows(spec, page)

    def get_queryset(self):
        return selectors.course_list(**self.selector_kwargs())

    def read_serializer(self, course):
        course = self.get_queryset().get(pk=course.pk)
        return CourseSerializer(course).data

    @extend_schema(
        summary="Create or update a course by external_id (partners)",
        responses={201: CourseSerializer, 200: CourseSerializer},
    )
    def create(self, request):
        serializer = CourseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _course_values(serializer)
        course, created = services.course_upsert(
            provider=self.provider,
            external_id=data.pop("external_id"),
            outcomes=serializer.outcome_rows(),
            prerequisites=serializer.prerequisite_rules(),
            **data,
        )
        return self.written(course, created)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        course = self.get_object()
        serializer = CourseSerializer(course, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = _course_values(serializer)
        data.pop("external_id", None)
        course = services.course_update(
            course=course,
            outcomes=serializer.outcome_rows(),
            prerequisites=serializer.prerequisite_rules(),
            **data,
        )
        return self.written(course)


class SessionViewSet(ValuesListMixin, _CatalogueViewSet):
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["starts_at", "id"]
    values_list = row_specs.SESSION_ROW

    def get_queryset(self):
        # The list counts seats for its page only (rows below); the counts of
        # other actions group the query, which drops the model's ordering.
        counted = self.action != "list"
        sessions = selectors.session_list(**self.selector_kwargs(), counted=counted)
        return sessions.order_by("starts_at", "id")

    def rows(self, spec, page):
        return row_specs.session_rows(spec, page)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return SessionWriteSerializer
        return SessionSerializer

    def read_serializer(self, session):
        return SessionSerializer(self.get_queryset().get(pk=session.pk)).data

    def write_serializer(self, *args, **kwargs):
        courses = selectors.course_list(provider=self.provider)
        return SessionWriteSerializer(*args, courses=courses, **kwargs)

    @extend_schema(
        summary="Create or update a session by external_id (partners)",
        request=SessionWriteSerializer,
        responses={201: SessionSerializer, 200: SessionSerializer},
    )
    def create(self, request):
        serializer = self.write_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # A re-sent session is an update (more seats promote the waitlist).
        session, created = services.session_upsert(
            provider=self.provider, external_id=data.pop("external_id"), **data
        )
        return self.written(session, created)

    @extend_schema(request=SessionWriteSerializer, responses=SessionSerializer)
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        session = self.get_object()
        serializer = self.write_serializer(session, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("external_id", None)
        return self.written(services.session_update(session=session, **data))

    @extend_schema(request=SessionWriteSerializer, responses=SessionSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsStaffUserOrPartner])
    def cancel(self, request, pk=None):
        session = self.get_object()
        if self.provider is None and not can_cancel_session(
            user=request.user, session=session
        ):
            raise exceptions.PermissionDenied()
        services.session_cancel(session=session, cancelled_by=self._actor_user())
        return Response(self.read_serializer(session))

    @extend_schema(request=BulkEnrollSerializer, responses=BulkResultsSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsStaffUser])
    def enroll(self, request, pk=None):
        """HR places a list of employees; one result per employee, in order."""
        session = self.get_object()
        if not self.access.is_hr:
            raise exceptions.PermissionDenied()
        serializer = BulkEnrollSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["employees"]
        allowed = employees_enrollable_by(user=request.user).in_bulk(ids)
        placed = iter(
            services.session_enroll_bulk(
                session=session,
                employees=[allowed[pk] for pk in ids if pk in allowed],
                enrolled_by=request.user,
                override_reason=serializer.validated_data.get("override_reason", ""),
            )
        )
        # Out-of-scope ids get the same answer as ids that do not exist.
        results = [next(placed) if pk in allowed else _not_found(pk) for pk in ids]
        return Response({"results": results})

    @extend_schema(request=None, responses=RosterRowSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[IsStaffUserOrPartner],
        filter_backends=[],
    )
    def roster(self, request, pk=None):
        """The partner's participant list: name and work email only."""
        session = self.get_object()
        if self.provider is None and not self.access.is_superuser:
            raise exceptions.PermissionDenied()
        page = self.paginate_queryset(selectors.roster(session=session))
        return self.get_paginated_response(RosterRowSerializer(page, many=True).data)

    def _actor_user(self):
        return None if self.provider is not None else self.request.user


def _course_values(serializer) -> dict:
    """The course fields sent, as the course services take them."""
    data = dict(serializer.validated_data)
    data.pop("outcomes", None)
    data.pop("prerequisites", None)
    data.pop("equivalents", None)
    return data


def _not_found(pk: int) -> dict:
    return {"employee": pk, "code": "not_found", "detail": _("No such employee.")}
