from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import ScopedPrimaryKeyField
from competences.models import (
    MAX_LEVEL,
    Assessment,
    Competence,
    CompetenceArea,
    Framework,
    LadderStage,
    Level,
    RoleCompetence,
)
from employees.models import Department, Employee, JobRole


@extend_schema_field({"type": "string", "maxLength": 20, "example": "1.3"})
class CompetenceCodeField(serializers.RelatedField):
    """A competence named by its stable code, e.g. ``"2.4"``.

    Codes are unique per framework; when several frameworks share a code the
    earliest loaded framework wins, which is DigComp in every installation.
    """

    default_error_messages = {
        "does_not_exist": _("No competence has the code “%(value)s”."),
        "invalid": _("A competence code is a short text such as “2.4”."),
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Competence.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # NUL cannot reach PostgreSQL in a query: it is not a code either.
        if not isinstance(data, str) or not data or len(data) > 20 or "\x00" in data:
            self.fail("invalid")
        competence = (
            self.get_queryset().filter(code=data).order_by("framework_id").first()
        )
        if competence is None:
            self.fail("does_not_exist", value=data)
        return competence

    def to_representation(self, value):
        return value.code


class FrameworkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Framework
        fields = ["id", "code", "version", "name", "name_da", "name_en", "source"]


class CompetenceAreaSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = CompetenceArea
        fields = ["id", "framework", "code", "name", "name_da", "name_en"]


class CompetenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    area = serializers.CharField(source="area.code", read_only=True)
    framework = serializers.CharField(source="framework.code", read_only=True)

    class Meta:
        model = Competence
        fields = ["id", "code", "name", "name_da", "name_en", "area", "framework"]


class LevelSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework.code", read_only=True)

    class Meta:
        model = Level
        fields = [
            "id",
            "framework",
            "level",
            "band",
            "complexity",
            "autonomy",
            "cognitive",
        ]


class LadderStageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = LadderStage
        fields = ["id", "code", "name", "name_da", "name_en", "min_level", "max_level"]


class AssessmentSerializer(serializers.ModelSerializer):
    competence = CompetenceCodeField(read_only=True)
    employee_name = serializers.CharField(source="employee.name", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "employee",
            "employee_name",
            "competence",
            "level",
            "source",
            "assessed_at",
            "assessed_by",
            "note",
        ]
        read_only_fields = fields


class AssessmentCreateSerializer(serializers.Serializer):
    """A manager's or HR's assessment, or an employee's self-assessment.

    The source follows from who asks: the employee themself records ``self``,
    their HR or manager records ``manager``.
    """

    employee = ScopedPrimaryKeyField(queryset=Employee.objects.none())
    competence = CompetenceCodeField()
    level = serializers.IntegerField(min_value=0, max_value=MAX_LEVEL)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    # Lowering a validated level is refused unless confirmed, with a note.
    confirm_lowering = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class ProfileRowSerializer(serializers.ModelSerializer):
    competence = CompetenceCodeField()
    target_level = serializers.IntegerField(min_value=1, max_value=MAX_LEVEL)

    class Meta:
        model = RoleCompetence
        fields = ["competence", "target_level"]


class RoleSerializer(serializers.ModelSerializer):
    """A job role with its competence profile; a write replaces the profile.

    The name rule (unique per municipality, ignoring case) and the profile rules
    are the services'.
    """

    municipality = ScopedPrimaryKeyField(queryset=Department.objects.none())
    profile = ProfileRowSerializer(many=True, required=False)

    class Meta:
        model = JobRole
        fields = ["id", "municipality", "name", "description", "profile"]
        # The services decide uniqueness, ignoring case; DRF's own check from
        # the constraint would only compare exactly.
        validators: list = []

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["municipality"].read_only = True
