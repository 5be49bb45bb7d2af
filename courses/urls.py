"""Course pages: the catalogue, course pages and the enrollment workflow."""

from django.urls import path

from courses.views import bulk, pages, queue, rosters

urlpatterns = [
    path("queue/", queue.work_queue, name="work_queue"),
    path("rosters/", rosters.roster_list, name="roster_list"),
    path("sessions/<int:pk>/roster/", rosters.session_roster, name="session_roster"),
    path("courses/", pages.catalogue, name="catalogue"),
    path("courses/<int:pk>/", pages.course_detail, name="course_detail"),
    path("sessions/<int:pk>/request/", pages.session_request, name="session_request"),
    path(
        "sessions/<int:pk>/enroll/",
        bulk.session_bulk_enroll,
        name="session_bulk_enroll",
    ),
    path(
        "enrollments/<int:pk>/approve/",
        queue.enrollment_decide,
        {"decision": "approve"},
        name="enrollment_approve",
    ),
    path(
        "enrollments/<int:pk>/reject/",
        queue.enrollment_decide,
        {"decision": "reject"},
        name="enrollment_reject",
    ),
    path(
        "enrollments/<int:pk>/withdraw/",
        pages.enrollment_withdraw,
        name="enrollment_withdraw",
    ),
    path(
        "enrollments/<int:pk>/evidence/", pages.evidence_submit, name="evidence_submit"
    ),
    path(
        "practice-tasks/<int:pk>/review/",
        queue.practice_task_review,
        name="practice_task_review",
    ),
]
