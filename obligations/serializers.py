"""Shapes of the obligations API (DESIGN §9); rules live in the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import ScopedPrimaryKeyField
from competences.serializers import CompetenceCodeField
from courses.models import Course
from employees.models import Department, Employee, JobRole
from obligations.models import Campaign, CampaignTry, Requirement
from obligations.status import STATUSES


class AudienceFields(serializers.Serializer):
    departments = serializers.ListField(
        child=ScopedPrimaryKeyField(queryset=Department.objects.none()),
        required=False,
    )
    job_roles = serializers.ListField(
        child=ScopedPrimaryKeyField(queryset=JobRole.objects.all()), required=False
    )
    managers_only = serializers.BooleanField(required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].child.queryset = departments


class RequirementWriteSerializer(AudienceFields):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Requirement.Kind.choices, required=False)
    courses = serializers.ListField(
        child=ScopedPrimaryKeyField(queryset=Course.objects.all()), required=False
    )
    competence = CompetenceCodeField(required=False, allow_null=True)
    min_level = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    due_days = serializers.IntegerField(
        min_value=0, max_value=3650, required=False, allow_null=True
    )
    effective_from = serializers.DateField(required=False)
    recurrence_months = serializers.IntegerField(required=False, allow_null=True)


class CampaignWriteSerializer(AudienceFields):
    name = serializers.CharField(max_length=200, required=False)
    purpose = serializers.CharField(required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    practice_task = serializers.CharField(required=False)


class RequirementSerializer(serializers.ModelSerializer):
    departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    job_roles = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    courses = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    competence = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Requirement
        fields = [
            "id",
            "name",
            "description",
            "municipality",
            "departments",
            "job_roles",
            "managers_only",
            "kind",
            "courses",
            "competence",
            "min_level",
            "due_on",
            "due_days",
            "effective_from",
            "recurrence_months",
        ]
        read_only_fields = fields


class CampaignSerializer(serializers.ModelSerializer):
    departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    job_roles = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "purpose",
            "municipality",
            "departments",
            "job_roles",
            "managers_only",
            "starts_on",
            "ends_on",
            "practice_task",
        ]
        read_only_fields = fields


class CampaignTrySerializer(serializers.ModelSerializer):
    """A try; ``practice_task`` is the id its evidence is reviewed by at
    ``/api/v1/practice-tasks/<id>/approve/`` and ``/return/`` (§5.1)."""

    practice_task = serializers.IntegerField(source="submission_id", read_only=True)
    employee = serializers.IntegerField(source="submission.employee_id", read_only=True)
    evidence = serializers.CharField(source="submission.evidence", read_only=True)
    submitted_at = serializers.DateTimeField(
        source="submission.submitted_at", read_only=True
    )
    status = serializers.ChoiceField(
        choices=CampaignTry.Review.choices, source="submission.status", read_only=True
    )
    reviewed_at = serializers.DateTimeField(
        source="submission.reviewed_at", read_only=True
    )
    review_note = serializers.CharField(source="submission.review_note", read_only=True)

    class Meta:
        model = CampaignTry
        fields = [
            "id",
            "campaign",
            "practice_task",
            "employee",
            "evidence",
            "submitted_at",
            "status",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields


class CampaignEvidenceSerializer(serializers.Serializer):
    evidence = serializers.CharField(max_length=10000)


class ExemptionSerializer(serializers.Serializer):
    employee = ScopedPrimaryKeyField(queryset=Employee.objects.none())
    reason = serializers.CharField(max_length=2000)

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class PersonRowSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.IntegerField()
    status = serializers.ChoiceField(choices=STATUSES)
    due_on = serializers.DateField(allow_null=True)
    lapses_on = serializers.DateField(allow_null=True)


class ProgressQuerySerializer(serializers.Serializer):
    department = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False
    )
    requirement = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False
    )
    at = serializers.DateField(required=False)

    def validate_at(self, value):
        if not 1900 <= value.year <= 2999:
            raise serializers.ValidationError(_("Give a date between 1900 and 2999."))
        return value


class RequirementProgressSerializer(serializers.Serializer):
    """The shape of GET /api/v1/progress/requirements/ (DESIGN §9)."""

    department = serializers.IntegerField(allow_null=True)
    at = serializers.DateField()
    results = serializers.ListField(child=serializers.DictField())


class CampaignProgressSerializer(serializers.Serializer):
    """The shape of GET /api/v1/progress/campaigns/<id>/ (DESIGN §9)."""

    department = serializers.IntegerField(allow_null=True)
    results = serializers.ListField(child=serializers.DictField())
