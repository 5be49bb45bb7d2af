import django_filters

from api.filters import IdFilter, TimestampFilter
from courses.models import (
    Course,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
    PracticeTaskSubmission,
    Provider,
)


class ProviderFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(field_name="code", max_length=50)

    class Meta:
        model = Provider
        fields = ["code"]


class CourseFilter(django_filters.FilterSet):
    provider = django_filters.CharFilter(field_name="provider__code", max_length=50)
    external_id = django_filters.CharFilter(field_name="external_id", max_length=100)
    mode = django_filters.ChoiceFilter(choices=Course.Mode.choices)
    language = django_filters.ChoiceFilter(choices=Course.Language.choices)
    status = django_filters.ChoiceFilter(choices=Course.Status.choices)
    competence = django_filters.CharFilter(
        field_name="outcomes__competence__code", max_length=20, distinct=True
    )

    class Meta:
        model = Course
        fields = ["provider", "external_id", "mode", "language", "status"]


class SessionFilter(django_filters.FilterSet):
    course = IdFilter(field_name="course_id")
    course_external_id = django_filters.CharFilter(
        field_name="course__external_id", max_length=100
    )
    external_id = django_filters.CharFilter(field_name="external_id", max_length=100)
    provider = django_filters.CharFilter(field_name="provider__code", max_length=50)
    starts_from = TimestampFilter(field_name="starts_at", lookup_expr="gte")
    starts_to = TimestampFilter(field_name="starts_at", lookup_expr="lte")
    is_cancelled = django_filters.BooleanFilter(field_name="is_cancelled")

    class Meta:
        model = CourseSession
        fields = ["course", "external_id", "provider", "is_cancelled"]


class EnrollmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices)
    session = IdFilter(field_name="session_id")
    employee = IdFilter(field_name="employee_id")
    course = IdFilter(field_name="course_id")

    class Meta:
        model = Enrollment
        fields = ["status", "session", "employee", "course"]


class PartnerEnrollmentFilter(django_filters.FilterSet):
    """A partner's filters: no employee id, which it has no business knowing."""

    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices)
    session = IdFilter(field_name="session_id")
    course = IdFilter(field_name="course_id")

    class Meta:
        model = Enrollment
        fields = ["status", "session", "course"]


class PracticeTaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=PracticeTaskSubmission.Review.choices)
    enrollment = IdFilter(field_name="enrollment_id")
    employee = IdFilter(field_name="employee_id")

    class Meta:
        model = PracticeTaskSubmission
        fields = ["status", "enrollment", "employee"]
