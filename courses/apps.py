from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and enrollments")

    def ready(self):
        # Models exist only once apps are ready, hence the imports here.
        from courses.models import Course, Enrollment, PracticeTaskSubmission
        from courses.views import pages
        from employees import sections
        from employees.audit import track

        sections.register(
            sections.EMPLOYEE_PAGE, "courses", pages.enrollments_section, order=20
        )
        track(Course, exclude_fields=["updated_at"])
        track(Enrollment, exclude_fields=["updated_at"])
        track(
            PracticeTaskSubmission,
            subject=lambda submission: submission.enrollment.employee,
            mask_fields=["evidence", "review_note"],
        )
