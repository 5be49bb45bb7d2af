"""Bare Django views for bench/api_throughput.py: the same scoped rows as the
API lists, straight from ``.values()``, with no DRF at all.

They are mounted only by the benchmark's own URLconf (bench/api_urls.py),
never by the application.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import JsonResponse

from courses import selectors as course_selectors
from employees import selectors as employee_selectors

PAGE = 100


def _user():
    # The benchmark user is fixed: authentication is part of what the API
    # pays for and the bare view does not.
    return get_user_model().objects.get(username=settings.BENCH_USERNAME)


def _page(rows, fields):
    return JsonResponse(
        {"count": rows.count(), "results": list(rows.values(*fields)[:PAGE])}
    )


def employees(request):
    rows = employee_selectors.employee_list(user=_user())
    fields = [
        "id",
        "name",
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
    return _page(rows, fields)


def enrollments(request):
    rows = course_selectors.enrollment_list(user=_user())
    fields = [
        "id",
        "employee",
        "employee__name",
        "session",
        "course",
        "session__course__title",
        "status",
        "requested_by",
        "approved_by",
        "created_at",
        "decided_at",
        "waitlisted_at",
        "attendance_at",
        "completed_at",
        "ended_at",
    ]
    return _page(rows, fields)


def courses(request):
    rows = course_selectors.course_list(user=_user())
    fields = [
        "id",
        "provider__code",
        "external_id",
        "title",
        "description",
        "purpose",
        "language",
        "mode",
        "hours",
        "price_dkk",
        "status",
        "practice_task",
        "created_at",
        "updated_at",
    ]
    return _page(rows, fields)


def sessions(request):
    # As the API does: the page's seat counts in one query of their own.
    rows = course_selectors.session_list(user=_user(), counted=False)
    rows = rows.order_by("starts_at", "id")
    fields = [
        "id",
        "external_id",
        "course",
        "course__external_id",
        "course__title",
        "course__provider__code",
        "starts_at",
        "ends_at",
        "location",
        "is_online",
        "capacity",
        "enrollment_deadline",
        "is_cancelled",
    ]
    page = rows.values(*fields)[:PAGE]
    counts = course_selectors.seat_counts([row["id"] for row in page])
    results = [{**row, **counts[row["id"]]} for row in page]
    return JsonResponse({"count": rows.count(), "results": results})
