"""Enrollments and practice tasks: every step calls a workflow service.

The caller's scope comes from the selectors; whether they may take a step on a
row they can see comes from ``access_for`` (staff) or the partner policy.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.fastlist import ValuesListMixin
from api.fields import ID_PATTERN
from api.permissions import IsStaffUser, IsStaffUserOrPartner
from api.viewsets import ApiViewSet
from courses import selectors, services
from courses.filters import (
    EnrollmentFilter,
    PartnerEnrollmentFilter,
    PracticeTaskFilter,
)
from courses.permissions import PartnerPolicy
from courses.serializers import (
    AttendanceSerializer,
    EnrollmentCreateSerializer,
    EnrollmentSerializer,
    EvidenceSerializer,
    PartnerEnrollmentSerializer,
    PracticeTaskSerializer,
    RejectSerializer,
    ReturnNoteSerializer,
    ReviewNoteSerializer,
)
from courses.views import rows as row_specs
from employees import selectors as employee_selectors
from employees.views.api import LoggedPersonReads


def _check(allowed: bool):
    if not allowed:
        raise exceptions.PermissionDenied()


class EnrollmentViewSet(
    LoggedPersonReads,
    ValuesListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ApiViewSet,
):
    permission_classes = [IsStaffUserOrPartner]
    ordering_fields = ["created_at", "status", "id"]
    lookup_value_regex = ID_PATTERN

    @property
    def filterset_class(self):
        if self.provider is not None:
            return PartnerEnrollmentFilter
        return EnrollmentFilter

    def get_queryset(self):
        if self.provider is not None:
            return selectors.enrollment_list(provider=self.provider)
        return selectors.enrollment_list(user=self.request.user)

    def get_serializer_class(self):
        if self.provider is not None:
            return PartnerEnrollmentSerializer
        return EnrollmentSerializer

    def get_values_list(self):
        if self.provider is not None:
            return row_specs.PARTNER_ENROLLMENT_ROW
        return row_specs.ENROLLMENT_ROW

    def respond(self, enrollment, code=status.HTTP_200_OK):
        enrollment = self.get_queryset().get(pk=enrollment.pk)
        return Response(self.get_serializer(enrollment).data, status=code)

    def staff_object(self):
        if self.provider is not None:
            raise exceptions.PermissionDenied()
        return self.get_object()

    @extend_schema(
        request=EnrollmentCreateSerializer,
        responses={201: EnrollmentSerializer},
        summary="Enroll (HR places directly) or request a seat (the employee)",
    )
    def create(self, request):
        if self.provider is not None:
            raise exceptions.PermissionDenied()
        serializer = EnrollmentCreateSerializer(
            data=request.data,
            employees=employee_selectors.employee_list(user=request.user),
            sessions=selectors.session_list(user=request.user),
        )
        serializer.is_valid(raise_exception=True)
        enrollment = services.enrollment_create(
            employee=serializer.validated_data["employee"],
            session=serializer.validated_data["session"],
            actor=request.user,
            override_reason=serializer.validated_data.get("override_reason", ""),
        )
        return self.respond(enrollment, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsStaffUser])
    def approve(self, request, pk=None):
        enrollment = self.staff_object()
        _check(self.access.can_decide(enrollment.employee))
        services.enrollment_approve(enrollment=enrollment, approved_by=request.user)
        return self.respond(enrollment)

    @extend_schema(request=RejectSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsStaffUser])
    def reject(self, request, pk=None):
        """Reject a request; an optional `reason` is told to the employee."""
        enrollment = self.staff_object()
        _check(self.access.can_decide(enrollment.employee))
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.enrollment_reject(
            enrollment=enrollment,
            rejected_by=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return self.respond(enrollment)

    @extend_schema(request=None, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsStaffUser])
    def withdraw(self, request, pk=None):
        enrollment = self.staff_object()
        _check(self.access.can_withdraw(enrollment.employee))
        services.enrollment_withdraw(enrollment=enrollment, withdrawn_by=request.user)
        return self.respond(enrollment)

    @extend_schema(request=AttendanceSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Attended or no-show: the session's partner, or HR over the employee."""
        enrollment = self.get_object()
        if self.provider is not None:
            _check(PartnerPolicy(self.provider).can_record_attendance(enrollment))
        else:
            _check(self.access.can_record_attendance(enrollment.employee))
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.enrollment_record_attendance(
            enrollment=enrollment,
            attended=serializer.validated_data["attended"],
            recorded_by=None if self.provider else request.user,
        )
        return self.respond(enrollment)

    @extend_schema(request=None, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Completion turns the course outcomes into validated levels."""
        enrollment = self.get_object()
        if self.provider is not None:
            _check(PartnerPolicy(self.provider).owns_session(enrollment.session))
        else:
            _check(self.access.can_complete(enrollment.employee))
        services.enrollment_complete(
            enrollment=enrollment,
            completed_by=None if self.provider else request.user,
        )
        return self.respond(enrollment)

    @extend_schema(request=EvidenceSerializer, responses={201: PracticeTaskSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="practice-task",
        permission_classes=[IsStaffUser],
    )
    def practice_task(self, request, pk=None):
        """The employee submits evidence that the practice task was done."""
        enrollment = self.staff_object()
        _check(self.access.can_submit_evidence(enrollment.employee))
        serializer = EvidenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = services.practice_task_submit(
            enrollment=enrollment,
            evidence=serializer.validated_data["evidence"],
            submitted_by=request.user,
        )
        submission = selectors.practice_task_list(user=request.user).get(
            pk=submission.pk
        )
        data = PracticeTaskSerializer(submission).data
        return Response(data, status=status.HTTP_201_CREATED)


class PracticeTaskViewSet(
    LoggedPersonReads, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    """Practice-task evidence, of a course's task or of a roll-out campaign's
    try (DESIGN §9); the review rule (the employee's managers or HR, never the
    employee) is the service's."""

    person = "employee"
    person_filters = ("employee", "enrollment")

    permission_classes = [IsStaffUser]
    serializer_class = PracticeTaskSerializer
    filterset_class = PracticeTaskFilter
    ordering_fields = ["submitted_at", "id"]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return selectors.practice_task_list(user=self.request.user)

    def reviewed(self, submission):
        return Response(
            self.get_serializer(self.get_queryset().get(pk=submission.pk)).data
        )

    @extend_schema(request=ReviewNoteSerializer, responses=PracticeTaskSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        submission = self.get_object()
        serializer = ReviewNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.practice_task_approve(
            submission=submission,
            reviewed_by=request.user,
            note=serializer.validated_data.get("note", ""),
        )
        return self.reviewed(submission)

    @extend_schema(request=ReturnNoteSerializer, responses=PracticeTaskSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        submission = self.get_object()
        serializer = ReturnNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.practice_task_return(
            submission=submission,
            reviewed_by=request.user,
            note=serializer.validated_data["note"],
        )
        return self.reviewed(submission)
