"""API shapes of the organisation. Scope and ownership fields are read-only;
writable references take querysets the view scopes to the caller. The rules
of a write (unique codes and numbers, matching municipality, dates in order)
are the services', not the serializers'."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import ScopedPrimaryKeyField
from employees.models import Department, Employee, JobRole


class DepartmentSerializer(serializers.ModelSerializer):
    """``parent`` is set on creation only: moving a subtree is an admin task."""

    parent = ScopedPrimaryKeyField(queryset=Department.objects.none(), allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "name", "code", "parent", "municipality", "depth"]
        read_only_fields = ["municipality", "depth"]
        # Codes unique per municipality is the department service's rule.
        validators: list = []

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
        # Numbers unique per municipality is the employee service's rule.
        validators: list = []

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
