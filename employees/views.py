"""API v1: departments, roles and employees, scoped by employees.selectors."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins
from rest_framework.response import Response

from api.fastlist import ValuesList, ValuesListMixin, date_out
from api.fields import ID_PATTERN
from api.permissions import IsStaffUser
from api.viewsets import ApiViewSet
from employees import selectors
from employees.filters import DepartmentFilter, EmployeeFilter, RoleFilter
from employees.models import AccessGrant, Department, JobRole
from employees.serializers import (
    DepartmentSerializer,
    EmployeeSerializer,
    RoleSerializer,
)
from employees.services import employee_access_log

HR = AccessGrant.Kind.HR
WRITE_ACTIONS = ("create", "update", "partial_update")
# Filters and orderings on fields that viewers may not see.
DETAIL_PARAMS = {"job_role", "is_active", "is_manager"}


class _WritableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ApiViewSet,
):
    permission_classes = [IsStaffUser]
    lookup_value_regex = ID_PATTERN

    def hr_departments(self):
        return Department.objects.visible_to(self.request.user, (HR,))

    def deny_unless(self, allowed: bool):
        if not allowed:
            raise exceptions.PermissionDenied()

    def create(self, request, *args, **kwargs):
        # Only HR creates; the scoped querysets then decide where.
        self.deny_unless(self.access.is_hr)
        return super().create(request, *args, **kwargs)

    def check_object_permissions(self, request, obj):
        # Runs inside get_object, before validation, so a caller who may not
        # edit learns nothing from field errors.
        super().check_object_permissions(request, obj)
        if self.action in ("update", "partial_update"):
            self.deny_unless(self.may_edit(obj))

    def may_edit(self, obj) -> bool:
        raise NotImplementedError


@extend_schema_view(
    list=extend_schema(summary="Departments in the caller's scope"),
    create=extend_schema(summary="Create a department below one in HR scope"),
)
class DepartmentViewSet(_WritableViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    search_fields = ["name"]
    ordering_fields = ["name", "code", "depth", "id"]

    def get_queryset(self):
        return selectors.department_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        kwargs["parents"] = self.hr_departments()
        return super().get_serializer(*args, **kwargs)

    def may_edit(self, obj) -> bool:
        return self.access.can_edit_department(obj)


class RoleViewSet(_WritableViewSet):
    serializer_class = RoleSerializer
    filterset_class = RoleFilter
    search_fields = ["name"]
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        if self.for_schema:
            return JobRole.objects.none()
        return selectors.role_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        kwargs["municipalities"] = self.hr_departments().filter(parent__isnull=True)
        return super().get_serializer(*args, **kwargs)

    def may_edit(self, obj) -> bool:
        return self.access.covers(obj.municipality.path, HR)


EMPLOYEE_ROW = ValuesList(
    {
        "id": ("id", None),
        "name": ("name", None),
        "employee_number": ("employee_number", None),
        "work_email": ("work_email", None),
        "department": ("department_id", None),
        "job_role": ("job_role_id", None),
        "is_manager": ("is_manager", None),
        "employment_start": ("employment_start", date_out),
        "employment_end": ("employment_end", date_out),
        "is_active": ("is_active", None),
        "municipality": ("municipality_id", None),
        "user": ("user_id", None),
    },
    extra=("department__path",),
)


class EmployeeViewSet(ValuesListMixin, _WritableViewSet):
    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilter
    search_fields = ["name"]
    ordering_fields = ["name", "employee_number", "id"]

    def get_queryset(self):
        return selectors.employee_list(user=self.request.user)

    def filter_queryset(self, queryset):
        # A filter on a detail field matches only employees whose details the
        # caller may see; otherwise a viewer could read them off the results.
        params = self.request.query_params
        ordering = params.get("ordering", "")
        if DETAIL_PARAMS & set(params) or "employee_number" in ordering:
            detail = selectors.employee_list(user=self.request.user, detail=True)
            queryset = queryset.filter(pk__in=detail.values("pk"))
        return super().filter_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        if self.for_schema:
            return super().get_serializer(*args, **kwargs)
        kwargs["access"] = self.access
        if self.action in WRITE_ACTIONS:
            kwargs["departments"] = self.hr_departments()
            kwargs["roles"] = selectors.role_list(user=self.request.user)
        return super().get_serializer(*args, **kwargs)

    values_list = EMPLOYEE_ROW

    def rows(self, spec, page):
        access = self.access
        return [
            spec.row(values)
            if access.can_view_employee_detail(_Visible(values))
            else {"id": values["id"], "name": values["name"]}
            for values in page
        ]

    def retrieve(self, request, *args, **kwargs):
        employee = self.get_object()
        if self.access.can_view_employee_detail(employee):
            employee_access_log(viewer=request.user, employee=employee, channel="api")
        return Response(self.get_serializer(employee).data)

    def may_edit(self, obj) -> bool:
        return self.access.can_edit_employee(obj)


class _Visible:
    """What the access policy reads of an employee, from a ``.values()`` row."""

    def __init__(self, values: dict):
        self.user_id = values["user_id"]
        self.department = self
        self.path = values["department__path"]
