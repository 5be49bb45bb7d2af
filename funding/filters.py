import django_filters

from api.filters import IdFilter
from funding.models import FundApplication, State


class FundApplicationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices)
    employee = IdFilter(field_name="lines__employee_id")
    enrollment = IdFilter(field_name="lines__enrollment_id")
    course = IdFilter(field_name="course_id")
    applied_from = django_filters.DateFilter(field_name="applied_on", lookup_expr="gte")
    applied_to = django_filters.DateFilter(field_name="applied_on", lookup_expr="lte")

    class Meta:
        model = FundApplication
        fields = ["state", "employee", "enrollment", "course"]
