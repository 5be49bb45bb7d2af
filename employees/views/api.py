"""API v1: departments and employees, scoped by the access policy.

Writes go through ``employees.services``; a refusal there is a 400 with the
field and a stable code (see api.exceptions).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from api.fastlist import ValuesList, ValuesListMixin, date_out
from api.fields import ID_PATTERN
from api.permissions import IsStaffUser
from api.viewsets import WritableViewSet
from employees import selectors, services
from employees.filters import DepartmentFilter, EmployeeFilter
from employees.models import Employee
from employees.serializers import DepartmentSerializer, EmployeeSerializer

WRITE_ACTIONS = ("create", "update", "partial_update")


class LoggedPersonReads:
    """For viewsets of one person's rows (assessments, enrollments, evidence):
    reading a row by id, or a list filtered to one person, goes into the
    read-access log once per request.

    ``person`` is the lookup from a row to its Employee; ``person_filters``
    the query parameters that narrow a list to one person's rows.
    """

    person = "employee"
    person_filters: tuple[str, ...] = ("employee",)

    def get_object(self):
        obj = super().get_object()
        if self.action == "retrieve":
            self.log_reads([_follow(obj, self.person)])
        return obj

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if set(self.person_filters) & set(request.query_params):
            read = self.filter_queryset(self.get_queryset())
            ids = read.values_list(f"{self.person}_id", flat=True).distinct()
            # A filter names one person (or one enrollment): a handful at most.
            self.log_reads(list(Employee.objects.filter(pk__in=ids[:10])))
        return response

    def log_reads(self, people) -> None:
        if self.provider is not None:
            return  # a partner sees roster names only, never these details
        for employee in people:
            services.employee_access_log(
                viewer=self.request.user,
                employee=employee,
                channel="api",
                request=self.request,
            )


def _follow(obj, lookup: str):
    for part in lookup.split("__"):
        obj = getattr(obj, part)
    return obj


# Filters and orderings on fields that viewers may not see.
DETAIL_PARAMS = {"job_role", "is_active", "is_manager", "department"}


@extend_schema_view(
    list=extend_schema(summary="Departments in the caller's scope"),
    create=extend_schema(summary="Create a department below one in HR scope"),
)
class DepartmentViewSet(WritableViewSet):
    permission_classes = [IsStaffUser]
    lookup_value_regex = ID_PATTERN
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    search_fields = ["name"]
    ordering_fields = ["name", "code", "depth", "id"]

    def get_queryset(self):
        return selectors.department_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        kwargs["parents"] = self.access.hr_departments()
        return super().get_serializer(*args, **kwargs)

    def may_create(self) -> bool:
        return self.access.is_hr

    def may_edit(self, obj) -> bool:
        return self.access.can_edit_department(obj)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.department_create(
            parent=data["parent"], name=data["name"], code=data["code"]
        )

    def perform_update(self, serializer):
        department, data = serializer.instance, serializer.validated_data
        services.department_update(
            department=department,
            name=data.get("name", department.name),
            code=data.get("code", department.code),
        )


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
    # Whether the caller sees the row in detail (rows below).
    extra=("department__path",),
)


class EmployeeViewSet(ValuesListMixin, WritableViewSet):
    permission_classes = [IsStaffUser]
    lookup_value_regex = ID_PATTERN
    serializer_class = EmployeeSerializer
    filterset_class = EmployeeFilter
    search_fields = ["name"]
    ordering_fields = ["name", "employee_number", "id"]
    values_list = EMPLOYEE_ROW

    def get_queryset(self):
        return selectors.employee_list(user=self.request.user)

    def filter_queryset(self, queryset):
        # A filter on what the representation hides from a viewer (a detail
        # field, or the department a viewer sees only as a name) matches only
        # employees the caller may see in detail; otherwise a viewer could
        # read the hidden value off the results.
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
            kwargs["departments"] = self.access.hr_departments()
            kwargs["roles"] = selectors.role_list(user=self.request.user)
        return super().get_serializer(*args, **kwargs)

    def rows(self, spec, page):
        # Decided from the row's own values, which spares the list a query
        # for the page's rows the caller sees in detail.
        access = self.access
        return [
            spec.row(values)
            if access.can_view_detail_of(
                user_id=values["user_id"], department_path=values["department__path"]
            )
            else {"id": values["id"], "name": values["name"]}
            for values in page
        ]

    def retrieve(self, request, *args, **kwargs):
        employee = self.get_object()
        if self.access.can_view_employee_detail(employee):
            services.employee_access_log(
                viewer=request.user, employee=employee, channel="api", request=request
            )
        return Response(self.get_serializer(employee).data)

    def may_create(self) -> bool:
        return self.access.is_hr

    def may_edit(self, obj) -> bool:
        return self.access.can_edit_employee(obj)

    def perform_create(self, serializer):
        serializer.instance = services.employee_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.employee_update(
            employee=serializer.instance,
            actor=self.request.user,
            **serializer.validated_data,
        )
