"""API shapes of the organisation. Scope and ownership fields are read-only;
writable references take querysets the view scopes to the caller."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import ScopedPrimaryKeyField
from competences.serializers import CompetenceCodeField
from employees.models import Department, Employee, JobRole, RoleCompetence


class DepartmentSerializer(serializers.ModelSerializer):
    """``parent`` is set on creation only: moving a subtree is an admin task."""

    parent = ScopedPrimaryKeyField(queryset=Department.objects.none(), allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "name", "code", "parent", "municipality", "depth"]
        read_only_fields = ["municipality", "depth"]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["parent"].read_only = True

    def validate_parent(self, parent):
        # Municipalities (the roots) are created in the admin.
        if parent is None:
            raise serializers.ValidationError(_("A department needs a parent."))
        return parent

    def validate(self, attrs):
        parent = attrs.get("parent") or getattr(self.instance, "parent", None)
        code = attrs.get("code")
        if (
            code
            and parent is not None
            and Department.objects.code_taken(
                municipality_id=parent.municipality_id,
                code=code,
                exclude_pk=getattr(self.instance, "pk", None),
            )
        ):
            raise serializers.ValidationError(
                {"code": _("This code is already used in the municipality.")}
            )
        return attrs


class ProfileRowSerializer(serializers.ModelSerializer):
    competence = CompetenceCodeField()
    target_level = serializers.IntegerField(min_value=1, max_value=8)

    class Meta:
        model = RoleCompetence
        fields = ["competence", "target_level"]


class RoleSerializer(serializers.ModelSerializer):
    """A job role with its competence profile; a write replaces the profile."""

    municipality = ScopedPrimaryKeyField(queryset=Department.objects.none())
    profile = ProfileRowSerializer(many=True, required=False)

    class Meta:
        model = JobRole
        fields = ["id", "municipality", "name", "description", "profile"]

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["municipality"].read_only = True

    def validate_profile(self, rows):
        codes = [row["competence"].pk for row in rows]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("A competence is listed twice."))
        return rows

    def validate(self, attrs):
        municipality = attrs.get("municipality") or getattr(
            self.instance, "municipality", None
        )
        name = attrs.get("name")
        if name and municipality is not None:
            same = JobRole.objects.filter(municipality=municipality, name=name)
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                raise serializers.ValidationError(
                    {"name": _("A role with this name already exists.")}
                )
        return attrs

    def create(self, validated_data):
        rows = validated_data.pop("profile", [])
        role = JobRole.objects.create(**validated_data)
        self._write_profile(role, rows)
        return role

    def update(self, instance, validated_data):
        rows = validated_data.pop("profile", None)
        role = super().update(instance, validated_data)
        if rows is not None:
            role.profile.all().delete()
            self._write_profile(role, rows)
        return role

    def _write_profile(self, role, rows):
        RoleCompetence.objects.bulk_create(
            RoleCompetence(role=role, **row) for row in rows
        )
        # Drop the stale prefetch so the response shows the new profile.
        getattr(role, "_prefetched_objects_cache", {}).pop("profile", None)


EMPLOYEE_DETAIL_FIELDS = [
    "employee_number",
    "work_email",
    "department",
    "job_role",
    "is_manager",
    "employment_start",
    "employment_end",
    "is_active",
    "municipality",
    "user",
]


class EmployeeSerializer(serializers.ModelSerializer):
    """An employee; a caller who may see names only (viewers) gets id and name."""

    department = ScopedPrimaryKeyField(queryset=Department.objects.none())
    job_role = ScopedPrimaryKeyField(
        queryset=JobRole.objects.none(), allow_null=True, required=False
    )

    class Meta:
        model = Employee
        fields = ["id", "name", *EMPLOYEE_DETAIL_FIELDS]
        read_only_fields = ["municipality", "user"]

    def __init__(self, *args, departments=None, roles=None, access=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        if departments is not None:
            self.fields["department"].queryset = departments
        if roles is not None:
            self.fields["job_role"].queryset = roles

    def to_representation(self, instance):
        if self.access is not None and not self.access.can_view_employee_detail(
            instance
        ):
            return {"id": instance.pk, "name": instance.name}
        return super().to_representation(instance)

    def validate(self, attrs):
        department = attrs.get("department") or getattr(
            self.instance, "department", None
        )
        role = attrs.get("job_role", getattr(self.instance, "job_role", None))
        if role is not None and role.municipality_id != department.municipality_id:
            raise serializers.ValidationError(
                {"job_role": _("The role belongs to another municipality.")}
            )
        self._check_number(attrs, department)
        self._check_dates(attrs)
        return attrs

    def _check_number(self, attrs, department):
        number = attrs.get("employee_number") or getattr(
            self.instance, "employee_number", None
        )
        same = Employee.objects.filter(
            municipality_id=department.municipality_id, employee_number=number
        )
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise serializers.ValidationError(
                {"employee_number": _("This employee number is already in use.")}
            )

    def _check_dates(self, attrs):
        start = attrs.get(
            "employment_start", getattr(self.instance, "employment_start", None)
        )
        end = attrs.get(
            "employment_end", getattr(self.instance, "employment_end", None)
        )
        if start and end and end < start:
            raise serializers.ValidationError(
                {"employment_end": _("Employment cannot end before it starts.")}
            )
