import django_filters

from api.filters import IdFilter, TimestampFilter
from competences.models import Assessment, Competence, CompetenceArea, Level


class CompetenceFilter(django_filters.FilterSet):
    framework = django_filters.CharFilter(field_name="framework__code", max_length=50)
    area = django_filters.CharFilter(field_name="area__code", max_length=20)
    code = django_filters.CharFilter(field_name="code", max_length=20)

    class Meta:
        model = Competence
        fields = ["framework", "area", "code"]


class CompetenceAreaFilter(django_filters.FilterSet):
    framework = django_filters.CharFilter(field_name="framework__code", max_length=50)

    class Meta:
        model = CompetenceArea
        fields = ["framework"]


class LevelFilter(django_filters.FilterSet):
    framework = django_filters.CharFilter(field_name="framework__code", max_length=50)

    class Meta:
        model = Level
        fields = ["framework"]


class AssessmentFilter(django_filters.FilterSet):
    employee = IdFilter(field_name="employee_id")
    competence = django_filters.CharFilter(field_name="competence__code", max_length=20)
    source = django_filters.ChoiceFilter(choices=Assessment.Source.choices)
    assessed_from = TimestampFilter(field_name="assessed_at", lookup_expr="gte")
    assessed_to = TimestampFilter(field_name="assessed_at", lookup_expr="lte")

    class Meta:
        model = Assessment
        fields = ["employee", "competence", "source", "assessed_from", "assessed_to"]
