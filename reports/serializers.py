"""Query parameters and documented response shapes of the reports API."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from employees.selectors import role_list

# Figures step a year and a day around the period; dates near the ends of the
# calendar would overflow there, and no municipality has data outside these.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


class PeriodQuerySerializer(serializers.Serializer):
    """``department``, ``from``, ``to`` and ``role`` of a figures request.

    Without dates the period is the last 12 months up to today.
    """

    department = serializers.IntegerField(required=False, min_value=1)
    role = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword, so the fields are added by name.
        fields["from"] = serializers.DateField(required=False)
        fields["to"] = serializers.DateField(required=False)
        return fields

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        for name in ("from", "to"):
            value = attrs.get(name)
            if value is not None and not EARLIEST <= value <= LATEST:
                raise serializers.ValidationError(
                    {
                        name: _("Give a date between %(first)s and %(last)s.")
                        % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
                    }
                )
        return attrs

    def validate_role(self, value):
        user = self.context["request"].user
        if not role_list(user=user).filter(pk=value).exists():
            raise serializers.ValidationError(_("Unknown job role."))
        return value

    def validate(self, attrs):
        date_to = attrs.get("to") or timezone.localdate()
        date_from = attrs.get("from") or date_to - timedelta(days=365)
        if date_from > date_to:
            raise serializers.ValidationError(
                {"from": _("The period must start on or before its end.")}
            )
        attrs["from"], attrs["to"] = date_from, date_to
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
    department = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    headcount = serializers.IntegerField()
    stages = StagesSerializer()
    proficient_share = serializers.FloatField()
    target_met_share = serializers.FloatField()
    mean_level = serializers.FloatField()
    moved_up = serializers.IntegerField()
    active_enrollments = serializers.IntegerField()
    completions = serializers.IntegerField()
    practice_tasks_verified = serializers.IntegerField()


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
