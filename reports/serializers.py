"""Query parameters and documented response shapes of the reports API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from employees.selectors import role_list
from reports.figures.period import period_for, validate_period_date


class PeriodQuerySerializer(serializers.Serializer):
    """``department``, ``from``, ``to`` and ``role`` of a figures request.

    Without dates the period is the last 12 months up to today.
    """

    department = serializers.IntegerField(required=False, min_value=1)
    role = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword, so the fields are added by name.
        for name in ("from", "to"):
            fields[name] = serializers.DateField(
                required=False, validators=[validate_period_date]
            )
        return fields

    def validate_role(self, value):
        user = self.context["request"].user
        if not role_list(user=user).filter(pk=value).exists():
            raise serializers.ValidationError(_("Unknown job role."))
        return value

    def validate(self, attrs):
        try:
            period = period_for(attrs.get("from"), attrs.get("to"))
        except DjangoValidationError as error:
            raise serializers.ValidationError({"from": error.messages}) from error
        attrs["from"], attrs["to"] = period.date_from, period.date_to
        return attrs


class StageCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    share = serializers.FloatField()


class StagesSerializer(serializers.Serializer):
    not_assessed = StageCountSerializer()
    technology_user = StageCountSerializer()
    self_reliant_user = StageCountSerializer()
    technology_proficient = StageCountSerializer()
    digital_champion = StageCountSerializer()


class DepartmentFiguresSerializer(serializers.Serializer):
    """A department's figures. For a group smaller than PRIVACY_MIN_GROUP seen
    only through a viewer grant, ``suppressed`` is true and every figure null
    (its people still count in the departments above it)."""

    department = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    headcount = serializers.IntegerField(allow_null=True)
    stages = StagesSerializer(allow_null=True)
    proficient_share = serializers.FloatField(allow_null=True)
    target_met_share = serializers.FloatField(allow_null=True)
    mean_level = serializers.FloatField(allow_null=True)
    moved_up = serializers.IntegerField(allow_null=True)
    active_enrollments = serializers.IntegerField(allow_null=True)
    completions = serializers.IntegerField(allow_null=True)
    practice_tasks_verified = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class ProgressSerializer(serializers.Serializer):
    department = serializers.IntegerField(allow_null=True)
    results = DepartmentFiguresSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        fields["to"] = serializers.DateField()
        return fields


class ReportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    download = serializers.URLField(allow_null=True)
    detail = serializers.CharField(allow_blank=True)
