import django_filters

from api.filters import IdFilter
from employees.models import Department, Employee, JobRole


class DepartmentFilter(django_filters.FilterSet):
    parent = IdFilter(field_name="parent_id")
    municipality = IdFilter(field_name="municipality_id")
    code = django_filters.CharFilter(field_name="code", max_length=50)
    depth = django_filters.NumberFilter(field_name="depth", min_value=0, max_value=99)

    class Meta:
        model = Department
        fields = ["parent", "municipality", "code", "depth"]


class RoleFilter(django_filters.FilterSet):
    municipality = IdFilter(field_name="municipality_id")

    class Meta:
        model = JobRole
        fields = ["municipality"]


class EmployeeFilter(django_filters.FilterSet):
    department = IdFilter(field_name="department_id")
    job_role = IdFilter(field_name="job_role_id")
    is_active = django_filters.BooleanFilter(field_name="is_active")
    is_manager = django_filters.BooleanFilter(field_name="is_manager")

    class Meta:
        model = Employee
        fields = ["department", "job_role", "is_active", "is_manager"]
