"""API shapes of the catalogue and the enrollment workflow.

Partners send courses and sessions as in DESIGN §5: the provider comes from the
key, a session names its course by the partner's external_id. Serializers
check the shape of input; the writes and their rules are the services'
(``courses.services``).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import ScopedPrimaryKeyField
from competences.serializers import CompetenceCodeField
from courses.models import (
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    PracticeTaskSubmission,
    Provider,
)
from employees.models import Employee


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "code", "name", "website"]


class OutcomeSerializer(serializers.ModelSerializer):
    competence = CompetenceCodeField()
    from_level = serializers.IntegerField(min_value=0, max_value=7)
    to_level = serializers.IntegerField(min_value=1, max_value=8)

    class Meta:
        model = CourseOutcome
        fields = ["competence", "from_level", "to_level"]


class PrerequisiteSerializer(serializers.Serializer):
    """``{"course": "<external_id>"}`` or ``{"competence": "1.3", "min_level": 3}``."""

    course = serializers.CharField(max_length=100, required=False)
    competence = CompetenceCodeField(required=False)
    min_level = serializers.IntegerField(min_value=1, max_value=8, required=False)

    def validate(self, attrs):
        by_course = "course" in attrs
        by_level = "competence" in attrs and "min_level" in attrs
        if by_course == by_level or (by_course and len(attrs) > 1):
            raise serializers.ValidationError(
                _("Name a course, or a competence with a minimum level.")
            )
        return attrs


class CourseSerializer(serializers.ModelSerializer):
    provider = serializers.SlugRelatedField(slug_field="code", read_only=True)
    outcomes = OutcomeSerializer(many=True, required=False)
    # The partner's own courses by external_id (DESIGN §9); write-only, so
    # lists stay at a constant number of queries.
    prerequisites = PrerequisiteSerializer(many=True, required=False, write_only=True)
    equivalents = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        write_only=True,
        max_length=50,
    )
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=0, coerce_to_string=True
    )
    price_dkk = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False
    )
    has_practice_task = serializers.BooleanField(read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "provider",
            "external_id",
            "title",
            "description",
            "purpose",
            "language",
            "mode",
            "hours",
            "price_dkk",
            "status",
            "practice_task",
            "has_practice_task",
            "outcomes",
            "prerequisites",
            "equivalents",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # The partner's upsert key: uniqueness is handled by updating.
        extra_kwargs = {"external_id": {"validators": []}}

    def outcome_rows(self) -> list[tuple] | None:
        """The outcomes as the course services take them, if sent."""
        rows = self.validated_data.get("outcomes")
        if rows is None:
            return None
        return [(r["competence"], r["from_level"], r["to_level"]) for r in rows]

    def prerequisite_rules(self) -> dict | None:
        """Prerequisites and equivalents as the course services take them."""
        rules = self.validated_data.get("prerequisites")
        equivalents = self.validated_data.get("equivalents")
        if rules is None and equivalents is None:
            return None
        result = {"equivalents": equivalents}
        if rules is not None:
            result["courses"] = [r["course"] for r in rules if "course" in r]
            result["levels"] = [
                (r["competence"], r["min_level"]) for r in rules if "competence" in r
            ]
        return result

    def validate_external_id(self, value):
        if self.instance is not None and value != self.instance.external_id:
            raise serializers.ValidationError(_("The external id cannot change."))
        return value


class PartnerCourseField(serializers.SlugRelatedField):
    """The partner's own course by its external_id."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "external_id")
        kwargs.setdefault("queryset", Course.objects.none())
        super().__init__(**kwargs)


class SessionSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id", read_only=True)
    course_external_id = serializers.CharField(
        source="course.external_id", read_only=True
    )
    course_title = serializers.CharField(source="course.title", read_only=True)
    provider = serializers.CharField(source="course.provider.code", read_only=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    waitlisted_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CourseSession
        fields = [
            "id",
            "external_id",
            "course",
            "course_external_id",
            "course_title",
            "provider",
            "starts_at",
            "ends_at",
            "location",
            "is_online",
            "capacity",
            "enrollment_deadline",
            "waitlist_order",
            "is_cancelled",
            "enrolled_count",
            "waitlisted_count",
        ]
        read_only_fields = fields


class SessionWriteSerializer(serializers.ModelSerializer):
    """A partner's session; ``course`` is the partner's external_id of the course."""

    course = PartnerCourseField()
    capacity = serializers.IntegerField(min_value=0, max_value=100_000)

    class Meta:
        model = CourseSession
        fields = [
            "external_id",
            "course",
            "starts_at",
            "ends_at",
            "location",
            "is_online",
            "capacity",
            "enrollment_deadline",
            "waitlist_order",
        ]
        extra_kwargs = {"external_id": {"validators": []}}

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if courses is not None:
            self.fields["course"].queryset = courses

    def validate_external_id(self, value):
        if self.instance is not None and value != self.instance.external_id:
            raise serializers.ValidationError(_("The external id cannot change."))
        return value


class EnrollmentSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    course_title = serializers.CharField(source="session.course.title", read_only=True)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "employee",
            "employee_name",
            "session",
            "course",
            "course_title",
            "status",
            "requested_by",
            "approved_by",
            "created_at",
            "decided_at",
            "waitlisted_at",
            "attendance_at",
            "completed_at",
            "ended_at",
            "decision_note",
        ]
        read_only_fields = fields


class PartnerEnrollmentSerializer(serializers.ModelSerializer):
    """What a partner sees of an enrollment: names come only from the roster."""

    class Meta:
        model = Enrollment
        fields = ["id", "session", "status", "attendance_at", "completed_at"]
        read_only_fields = fields


class EnrollmentCreateSerializer(serializers.Serializer):
    employee = ScopedPrimaryKeyField(queryset=Employee.objects.none())
    session = ScopedPrimaryKeyField(queryset=CourseSession.objects.none())
    # HR places someone who misses a prerequisite only with a reason (audited).
    override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True
    )

    def __init__(self, *args, employees=None, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["session"].queryset = sessions


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField()


class EvidenceSerializer(serializers.Serializer):
    evidence = serializers.CharField(max_length=10_000)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2_000, required=False, allow_blank=True)


class ReviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2_000, required=False, allow_blank=True)


class ReturnNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2_000)


class BulkEnrollSerializer(serializers.Serializer):
    employees = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=500,
    )
    override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True
    )


class BulkResultSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    status = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    detail = serializers.CharField(required=False)
    missing = serializers.ListField(child=serializers.DictField(), required=False)


class BulkResultsSerializer(serializers.Serializer):
    results = BulkResultSerializer(many=True)


class RosterRowSerializer(serializers.ModelSerializer):
    enrollment = serializers.IntegerField(source="id", read_only=True)
    name = serializers.CharField(source="employee.name", read_only=True)
    work_email = serializers.CharField(source="employee.work_email", read_only=True)

    class Meta:
        model = Enrollment
        fields = ["enrollment", "name", "work_email", "status"]
        read_only_fields = fields


class PracticeTaskSerializer(serializers.ModelSerializer):
    """A course's practice task (``enrollment`` and ``course_title`` set) or
    a roll-out campaign's try (both null; ``title`` names the campaign)."""

    employee = serializers.IntegerField(source="employee_id", read_only=True)
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    course_title = serializers.CharField(
        source="enrollment.session.course.title", read_only=True, allow_null=True
    )
    title = serializers.CharField(read_only=True)

    class Meta:
        model = PracticeTaskSubmission
        fields = [
            "id",
            "enrollment",
            "employee",
            "employee_name",
            "course_title",
            "title",
            "evidence",
            "status",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields
