"""API shapes of fund applications (DESIGN §12).

Serializers check the shape of input; the rules (deadline, cap, signing order)
are the services'. Money is a string with two decimals, as everywhere in the
API.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import ScopedPrimaryKeyField
from courses.models import Enrollment
from funding.models import (
    EducationKind,
    FundApplication,
    FundApplicationLine,
    FundSignature,
    Role,
    State,
)
from funding.services.applications import DECISIONS, MAX_PARTICIPANTS


def money_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundSignature
        fields = ["role", "name", "signed_at"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="employee.name", read_only=True)
    session = serializers.IntegerField(source="enrollment.session_id", read_only=True)
    amount = money_field(read_only=True)
    workplace_share = money_field(read_only=True)

    class Meta:
        model = FundApplicationLine
        fields = [
            "enrollment",
            "employee",
            "name",
            "department",
            "session",
            "amount",
            "workplace_share",
        ]
        read_only_fields = fields


class CostsSerializer(serializers.Serializer):
    """Costs per participant; the fee defaults to the course's price."""

    fee = money_field(min_value=0, max_value=10_000_000, required=False)
    materials = money_field(min_value=0, max_value=10_000_000, default=0)
    transport = money_field(min_value=0, max_value=10_000_000, default=0)


class AwaitingField(serializers.ChoiceField):
    """Whose signature comes next; null once everyone has signed."""

    def to_representation(self, value):
        return value or None


class CostsOutSerializer(serializers.Serializer):
    fee = money_field(read_only=True)
    materials = money_field(read_only=True)
    transport = money_field(read_only=True)


class FundApplicationSerializer(serializers.ModelSerializer):
    awaiting = AwaitingField(
        choices=Role.choices,
        allow_null=True,
        read_only=True,
        help_text="Whose signature comes next (participants, then the manager, "
        "then the union representative); null once all have signed.",
    )
    course_title = serializers.CharField(source="course.title", read_only=True)
    enrollments = serializers.SerializerMethodField()
    costs = CostsOutSerializer(source="*", read_only=True)
    percentage = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True
    )
    amount_applied = money_field(read_only=True)
    workplace_share = money_field(read_only=True)
    participants = ParticipantSerializer(source="lines", many=True, read_only=True)
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = FundApplication
        fields = [
            "id",
            "state",
            "awaiting",
            "course",
            "course_title",
            "education_kind",
            "applied_on",
            "enrollments",
            "costs",
            "percentage",
            "amount_applied",
            "workplace_share",
            "participants",
            "signatures",
            "created_at",
            "submitted_at",
            "decided_at",
            "paid_at",
        ]
        read_only_fields = fields

    def get_enrollments(self, application) -> list[int]:
        return [line.enrollment_id for line in application.lines.all()]


class FundApplicationCreateSerializer(serializers.Serializer):
    enrollments = ScopedPrimaryKeyField(
        queryset=Enrollment.objects.none(), many=True, allow_empty=False
    )
    costs = CostsSerializer(required=False)
    education_kind = serializers.ChoiceField(
        choices=EducationKind.choices, default=EducationKind.COURSE
    )

    def __init__(self, *args, enrollments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollments"].child_relation.queryset = enrollments

    def validate_enrollments(self, value):
        if len(value) > MAX_PARTICIPANTS:
            raise serializers.ValidationError(
                _("An application covers at most %(max)d participants.")
                % {"max": MAX_PARTICIPANTS}
            )
        if len({enrollment.pk for enrollment in value}) != len(value):
            raise serializers.ValidationError(_("Name each enrollment once."))
        return value


class CostsChangeSerializer(serializers.Serializer):
    costs = CostsSerializer()
    drop_signatures = serializers.BooleanField(
        default=False,
        help_text="Confirms that the signatures given are dropped (all sign again).",
    )


class DecisionSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[(state, State(state).label) for state in DECISIONS]
    )


class FiguresQuerySerializer(serializers.Serializer):
    department = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False
    )
    year = serializers.IntegerField(min_value=2000, max_value=2999, required=False)


class FiguresRowSerializer(serializers.Serializer):
    department = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    participants = serializers.IntegerField()
    applied = money_field()
    granted = money_field()
    paid = money_field()


class FiguresSerializer(serializers.Serializer):
    department = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    results = FiguresRowSerializer(many=True)
