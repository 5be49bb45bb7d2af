"""``manage.py seed_demo``: what it promises (the demo is built once per class)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone, translation

from competences.models import Assessment
from courses.models import (
    Course,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
    PracticeTaskSubmission,
    Provider,
)
from courses.selectors import practice_task_list
from credentials.models import Badge
from demo.seed.calendar import is_working_day
from employees.access import access_for
from employees.models import AccessGrant, Department, Employee, JobRole
from employees.selectors import employee_list
from funding import selectors as funding_selectors
from funding.models import FundApplication, Role, State
from notifications.models import Notification
from tests import factories

SEAT_STATUSES = ("enrolled", "attended", "no_show", "completed")


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Seed once inside a transaction that is rolled back after the class.

    Each test still runs in its own savepoint, so none sees another's writes.
    """
    out = StringIO()
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        translation.override("en"),
    ):
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return Department.objects.get(parent=None, code="K950")


def user(username):
    return get_user_model().objects.get(username=username)


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in ("employees", "competences", "courses", "credentials", "funding")
        for model in apps.get_app_config(label).get_models()
    } | {"users": get_user_model().objects.count()}


class TestSeedDemo:
    def test_it_builds_a_municipality_with_forvaltninger_and_departments(self, demo):
        forvaltninger = Department.objects.filter(parent=demo)
        below = Department.objects.in_subtree(demo).filter(depth__gte=2)
        assert demo.name == "Kyndig Kommune"
        assert forvaltninger.count() >= 3
        assert "Sundhed og Omsorg" in {d.name for d in forvaltninger}
        assert below.count() >= 15

    def test_it_builds_eight_roles_with_digcomp_profiles(self, demo):
        roles = JobRole.objects.filter(municipality=demo).prefetch_related("profile")
        assert roles.count() == 8
        for role in roles:
            targets = [row.target_level for row in role.profile.all()]
            assert len(targets) >= 5
            assert all(3 <= target <= 6 for target in targets)

    def test_it_builds_300_employees_with_work_emails(self, demo):
        employees = Employee.objects.filter(municipality=demo)
        assert employees.count() == 300
        emails = list(employees.values_list("work_email", flat=True))
        assert len(set(emails)) == 300
        assert all(email.endswith("@kyndig-kommune.dk") for email in emails)
        assert employees.filter(is_manager=True).count() >= 15
        assert employees.filter(is_active=False).exists()

    def test_it_records_18_months_of_rising_history(self, demo):
        now = timezone.now()
        rows = Assessment.objects.filter(employee__municipality=demo)
        oldest = rows.order_by("assessed_at").first().assessed_at
        newest = rows.order_by("-assessed_at").first().assessed_at
        assert oldest < now - timedelta(days=500)
        assert now - timedelta(days=60) < newest <= now
        assert rows.filter(source="self").count() > 1000
        assert rows.filter(source="manager").count() > 1000
        assert rows.filter(source="course").exists()
        levels: dict[tuple[int, int], int] = {}
        for key_e, key_c, level in (
            rows.validating()
            .order_by("assessed_at", "id")
            .values_list("employee_id", "competence_id", "level")
        ):
            assert level >= levels.get((key_e, key_c), 0), "a validated level fell"
            levels[(key_e, key_c)] = level

    def test_it_builds_two_partners_with_twelve_courses(self, demo):
        courses = Course.objects.all()
        assert Provider.objects.count() == 2
        assert courses.count() == 12
        assert all(course.purpose and course.outcomes.exists() for course in courses)
        assert sum(course.has_practice_task for course in courses) >= 7
        now = timezone.now()
        assert CourseSession.objects.filter(starts_at__lt=now).count() >= 5
        assert CourseSession.objects.filter(starts_at__gt=now).count() >= 5
        assert CourseSession.objects.filter(is_cancelled=True).exists()

    def test_no_session_falls_on_a_weekend_or_a_holiday(self, demo):
        days = {
            timezone.localdate(starts)
            for starts in CourseSession.objects.values_list("starts_at", flat=True)
        }
        assert [day for day in days if not is_working_day(day)] == []

    def test_a_session_just_held_waits_for_its_attendance(self, demo):
        held = CourseSession.objects.filter(
            starts_at__lt=timezone.now(),
            starts_at__gt=timezone.now() - timedelta(days=7),
            enrollments__status=EnrollmentStatus.ENROLLED,
        ).distinct()
        assert held.count() == 1
        assert held.get().course.mode == Course.Mode.WORKPLACE

    def test_it_has_enrollments_in_every_state_within_capacity(self, demo):
        assert set(Enrollment.objects.values_list("status", flat=True)) == set(
            EnrollmentStatus.values
        )
        cancelled = Enrollment.objects.filter(status="cancelled")
        assert all(e.session.is_cancelled for e in cancelled)
        reviews = set(PracticeTaskSubmission.objects.values_list("status", flat=True))
        assert reviews == set(PracticeTaskSubmission.Review.values)
        for session in CourseSession.objects.all():
            held = session.enrollments.filter(status__in=SEAT_STATUSES).count()
            assert held <= session.capacity, session.external_id
        full = [
            s
            for s in CourseSession.objects.filter(enrollments__status="waitlisted")
            if s.enrollments.filter(status="enrolled").count() == s.capacity
        ]
        assert full

    def test_completed_enrollments_left_course_assessments(self, demo):
        completed = Enrollment.objects.filter(status="completed").first()
        assert completed.completed_at is not None
        assert Assessment.objects.filter(
            source="course", assessed_at=completed.completed_at
        ).exists()

    def test_demo_users_sign_in_with_demo(self, demo):
        for username in (
            "admin",
            "hr",
            "manager",
            "manager2",
            "viewer",
            "employee",
            "tr",
        ):
            assert user(username).check_password("demo"), username
        assert user("hr2").check_password("demo")
        assert user("admin").is_superuser and user("admin").is_staff
        assert not user("hr").is_staff

    def test_hr_leads_the_municipality_and_viewer_only_reads(self, demo):
        assert AccessGrant.objects.filter(
            user=user("hr"), department=demo, kind="hr"
        ).exists()
        viewer = user("viewer")
        assert list(viewer.access_grants.values_list("kind", "department")) == [
            ("viewer", demo.pk)
        ]
        assert not Employee.objects.filter(user=viewer).exists()

    def test_managers_lead_separate_parts(self, demo):
        manager = user("manager")
        grant = manager.access_grants.get()
        assert grant.kind == "manager" and grant.department.parent == demo
        assert manager.employee.is_manager
        assert manager.employee.department == grant.department
        other = user("manager2").access_grants.get()
        assert other.kind == "manager"
        assert not other.department.path.startswith(grant.department.path)
        assert user("manager2").employee.is_manager

    def test_employee_has_work_waiting_in_each_place(self, demo):
        employee = user("employee").employee
        manager = user("manager")
        assert access_for(manager).can_decide(employee)
        assert employee.job_role is not None
        assert employee.assessments.filter(source="self").exists()
        assert employee.assessments.filter(source="manager").exists()
        statuses = dict(
            employee.enrollments.values_list("status", "course__practice_task")
        )
        assert "requested" in statuses
        assert statuses["attended"].strip()
        attended = employee.enrollments.get(status="attended")
        assert not attended.practice_tasks.exists()

    def test_the_demo_employee_and_others_hold_signed_badges(self, demo):
        employee = user("employee").employee
        assert employee.badges.filter(revoked_at__isnull=True).exists()
        badges = Badge.objects.filter(employee__municipality=demo)
        assert badges.exclude(employee=employee).count() >= 10
        assert badges.filter(achievement__kind="stage").exists()
        assert not Badge.objects.filter(jwt="").exists()
        (revoked,) = badges.filter(revoked_at__isnull=False)
        assert revoked.revocation_reason and revoked.revoked_by == user("hr")

    def test_manager_has_requests_and_practice_tasks_to_handle(self, demo):
        manager = user("manager")
        access = access_for(manager)
        requested = Enrollment.objects.filter(status="requested").select_related(
            "employee__department"
        )
        assert sum(access.can_decide(e.employee) for e in requested) >= 3
        assert practice_task_list(user=manager).filter(status="submitted").count() >= 2

    def test_manager_and_employee_have_unread_notifications(self, demo):
        manager, employee = user("manager"), user("employee")
        to_manager = Notification.objects.filter(recipient=manager, read_at=None)
        assert to_manager.filter(kind="enrollment_requested").exists()
        to_employee = Notification.objects.filter(recipient=employee, read_at=None)
        enrolled = to_employee.get(kind="enrollment_enrolled")
        assert "METHOD:REQUEST" in enrolled.calendar
        assert Notification.objects.filter(kind="enrollment_rejected").exists()
        # Queued for mail: they are written out once the demo commits.
        assert enrolled.state in ("pending", "sent")

    def test_hr_has_an_open_session_with_exactly_one_free_seat(self, demo):
        sessions = CourseSession.objects.open_for_enrollment().filter(
            course__status="published"
        )
        one_free = [
            s
            for s in sessions
            if s.capacity - s.enrollments.filter(status__in=SEAT_STATUSES).count() == 1
            and not s.enrollments.filter(status="waitlisted").exists()
        ]
        assert one_free

    def test_hr2_sees_only_the_second_municipality(self, demo):
        second = Department.objects.get(parent=None, code="K951")
        hr2_sees = employee_list(user=user("hr2"))
        assert hr2_sees.count() == Employee.objects.filter(municipality=second).count()
        assert hr2_sees.count() >= 5
        assert not hr2_sees.filter(municipality=demo).exists()
        assert not employee_list(user=user("hr")).filter(municipality=second).exists()
        assert JobRole.objects.filter(municipality=second).exists()

    def test_running_it_twice_changes_nothing(self, demo):
        before = counts()
        out = StringIO()
        with translation.override("en"):
            call_command("seed_demo", stdout=out)
        assert "already exists" in out.getvalue()
        assert counts() == before

    def test_tr_is_the_union_representative_of_the_municipality(self, demo):
        tr = user("tr")
        assert list(tr.access_grants.values_list("kind", "department")) == [
            ("union_rep", demo.pk)
        ]
        assert tr.employee.municipality == demo
        assert not access_for(tr).has_grants
        assert funding_selectors.to_sign(user=tr).count() >= 1

    def test_it_has_fund_applications_in_every_state(self, demo):
        applications = FundApplication.objects.prefetch_related("lines", "signatures")
        assert set(applications.values_list("state", flat=True)) == set(State.values)
        for application in applications:
            lines = list(application.lines.all())
            assert application.amount_applied == sum(line.amount for line in lines)
            costs = application.fee + application.materials + application.transport
            assert application.amount_applied + application.workplace_share == (
                costs * len(lines)
            )
            roles = [s.role for s in application.signatures.all()]
            if application.state == State.DRAFT:
                assert application.awaiting in Role.values
            else:
                assert roles.count(Role.MANAGER) == roles.count(Role.UNION_REP) == 1
                assert roles.count(Role.EMPLOYEE) == len(lines)
        assert funding_selectors.to_sign(user=user("manager")).count() >= 2
        assert funding_selectors.to_sign(user=user("employee")).count() == 1

    def test_it_prints_progress(self, seeded, demo):
        assert "300 employees" in seeded
        assert "12 courses" in seeded
        assert "1 of them revoked" in seeded


def test_it_refuses_in_production(db, settings):
    settings.PRODUCTION = True
    with translation.override("en"), pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert not Department.objects.filter(code="K950").exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_it_refuses_to_mix_with_existing_demo_usernames(db):
    factories.UserFactory(username="manager")
    with pytest.raises(CommandError, match="manager"):
        call_command("seed_demo", stdout=StringIO())
    assert not Department.objects.filter(code="K950").exists()
