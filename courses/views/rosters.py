"""Rosters on the web: who is on a session, and who came.

Workplace and in-house courses are run by the municipality itself, so HR and
the participants' managers see the roster of the people they lead and mark
attendance through the same service as the partner API.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import selectors, services, waitlist
from courses.models import CourseSession, Enrollment, EnrollmentStatus
from courses.views.pages import refusal_message
from employees.access import access_for

PAGE_SIZE = 25
ROSTER_PAGE_SIZE = 50
BAD_REQUEST, CONFLICT = 400, 409
# The roster list reaches this far back: attendance is marked after the day.
RECENT_DAYS = 60
ON_ROSTER = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.ATTENDED,
    EnrollmentStatus.NO_SHOW,
    EnrollmentStatus.COMPLETED,
)
MARKS = {"attended": True, "no_show": False}


def _require_lead(user):
    access = access_for(user)
    if not access.is_lead:
        raise Http404
    return access


def _led_enrollments(user):
    """Enrollments of the people the user leads, never the user's own."""
    return (
        selectors.enrollment_list(user=user)
        .filter(status__in=ON_ROSTER)
        .exclude(employee__user=user)
    )


@login_required
def roster_list(request):
    """Recent and upcoming sessions with people the user leads on them."""
    _require_lead(request.user)
    led = _led_enrollments(request.user)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    sessions = (
        CourseSession.objects.filter(
            pk__in=led.values("session_id"), ends_at__gte=since
        )
        .select_related("course", "course__provider")
        .annotate(
            people=Count("enrollments", filter=Q(enrollments__in=led)),
            to_mark=Count(
                "enrollments",
                filter=Q(enrollments__in=led, enrollments__status="enrolled"),
            ),
        )
        .order_by("starts_at", "id")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "now": timezone.now()}
    return render(request, "courses/roster_list.html", context)


@login_required
def session_roster(request, pk: int):
    """The people the user leads on one session, a page at a time; attendance
    once it started. Marks post to the page they were made on."""
    access = _require_lead(request.user)
    session = get_object_or_404(selectors.session_list(user=request.user), pk=pk)
    led = (
        _led_enrollments(request.user)
        .filter(session=session)
        .select_related("employee__department")
        .order_by("employee__name", "id")
    )
    page = Paginator(led, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    started = session.starts_at <= timezone.now()
    status = 200
    if request.method == "POST":
        status, refused = _post(request, access, rows, started)
        if status is None:
            return redirect(f"{request.path}?page={page.number}")
        for row in rows:
            row.refusal = refused.get(row.pk, "")
    positions = waitlist.positions(session)
    for row in rows:
        row.waitlist_position = positions.get(row.pk)
    context = {
        "session": session,
        "rows": rows,
        "page_obj": page,
        "started": started,
        "markable": {r.pk for r in rows if _markable(access, r)},
    }
    return render(request, "courses/roster.html", context, status=status)


def _post(request, access, rows, started):
    """Record the marks; answers (None, {}) when done, else the status of the
    page to show again and the refusal of each refused row."""
    if not started:
        return CONFLICT, {}
    recorded, refused = _mark(request, access, rows)
    if recorded:
        messages.success(
            request,
            ngettext(
                "Attendance is recorded for %(count)d person.",
                "Attendance is recorded for %(count)d people.",
                recorded,
            )
            % {"count": recorded},
        )
    if refused:
        _refreshed(rows)
        return CONFLICT, refused
    if not recorded:
        messages.error(request, _("Mark at least one person as attended or absent."))
        return BAD_REQUEST, {}
    return None, {}


def _markable(access, enrollment: Enrollment) -> bool:
    return enrollment.status == EnrollmentStatus.ENROLLED and (
        access.can_record_attendance(enrollment.employee)
    )


def _mark(request, access, rows) -> tuple[int, dict[int, str]]:
    """Record each marked row; answers how many, and why others were refused."""
    recorded, refused = 0, {}
    for enrollment in rows:
        mark = request.POST.get(f"attendance-{enrollment.pk}", "")
        if mark not in MARKS or not _markable(access, enrollment):
            continue
        try:
            services.enrollment_record_attendance(
                enrollment=enrollment, attended=MARKS[mark], recorded_by=request.user
            )
        except ValidationError as error:
            refused[enrollment.pk] = refusal_message(error)
        else:
            recorded += 1
    return recorded, refused


def _refreshed(rows) -> list[Enrollment]:
    fresh = Enrollment.objects.in_bulk([row.pk for row in rows])
    for row in rows:
        row.status = fresh[row.pk].status
    return rows
