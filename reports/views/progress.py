"""GET /api/v1/progress/departments/: the department figures as JSON."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import figures
from reports.permissions import CanViewReports
from reports.serializers import PeriodQuerySerializer, ProgressSerializer

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "department",
        OpenApiTypes.INT,
        description="Department id; without it, every granted subtree in turn.",
    ),
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First day of the period (default: 12 months before `to`).",
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)."),
    OpenApiParameter("role", OpenApiTypes.INT, description="Only this job role."),
]


def period_query(request) -> dict:
    """The validated ``department``, ``from``, ``to`` and ``role`` (400 if bad)."""
    query = PeriodQuerySerializer(
        data=request.query_params, context={"request": request}
    )
    query.is_valid(raise_exception=True)
    return query.validated_data


class DepartmentProgressView(APIView):
    """Progress figures per department of a subtree (DESIGN §3 and §5.1)."""

    permission_classes = [CanViewReports]

    @extend_schema(
        operation_id="progress_departments",
        parameters=PERIOD_PARAMETERS,
        responses={200: ProgressSerializer},
        description=(
            "One row per department of the subtree, the department first and then "
            "its descendants depth-first. Each row covers the department with its "
            "subtree and active employees only; stages and shares are as of the "
            "end of `to`, `moved_up` counts employees whose stage at the end of "
            "`to` is above their stage before `from`. An out-of-scope department "
            "answers 404."
        ),
    )
    def get(self, request):
        query = period_query(request)
        rows = figures.department_figures(
            user=request.user,
            department=query.get("department"),
            date_from=query["from"],
            date_to=query["to"],
            role=query.get("role"),
        )
        return Response(
            {
                "department": query.get("department"),
                "from": query["from"].isoformat(),
                "to": query["to"].isoformat(),
                "results": rows,
            }
        )
