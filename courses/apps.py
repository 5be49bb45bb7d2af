from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and enrollments")

    def ready(self):
        # Models exist only once apps are ready, hence the imports here.
        from courses import selectors
        from courses.models import (
            Course,
            CoursePrerequisite,
            Enrollment,
            PracticeTaskSubmission,
            PrerequisiteOverride,
        )
        from courses.views import pages, queue
        from employees import sections
        from employees.audit import track

        sections.register(
            sections.EMPLOYEE_PAGE, "courses", pages.enrollments_section, order=20
        )
        sections.register(sections.DASHBOARD, "queue", queue.queue_section, order=10)
        sections.register_menu_item(
            "queue",
            _("Open work"),
            "work_queue",
            order=15,
            visible=lambda request, access: access is not None and access.is_lead,
            count=("approvals", "practice_tasks"),
        )
        sections.register_menu_item(
            "rosters",
            _("Rosters"),
            "roster_list",
            order=35,
            visible=lambda request, access: access is not None and access.is_lead,
        )
        sections.register_menu_item(
            "catalogue",
            _("Courses"),
            "catalogue",
            order=25,
            visible=lambda request, access: True,
        )
        sections.register_todo("approvals", selectors.approvals_count)
        sections.register_todo("practice_tasks", selectors.practice_tasks_count)
        track(Course, exclude_fields=["updated_at"])
        track(CoursePrerequisite)
        track(PrerequisiteOverride, mask_fields=["reason"])
        track(Enrollment, exclude_fields=["updated_at"], mask_fields=["decision_note"])
        track(
            PracticeTaskSubmission,
            subject=lambda submission: submission.employee,
            mask_fields=["evidence", "review_note"],
        )
