"""The read-access log: every read of one person's details, by any channel, is
logged once per request.

The URL map is walked: each route is either a read of one person's details
(and then it must log) or classified as something else, with the reason. A new
route that is neither fails here until someone decides which it is.
"""

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver, reverse

from competences.models import Assessment
from courses.models import Enrollment, PracticeTaskSubmission
from credentials.models import Badge
from employees.admin import LoggedPersonReads
from employees.models import Employee, EmployeeAccessLog
from notifications.models import Notification
from tests import factories
from tests.factories import competence

pytestmark = pytest.mark.django_db


def route_names(patterns=None, prefix=""):
    """(route, name) of every URL pattern outside the admin."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue
            yield from route_names(pattern.url_patterns, prefix + str(pattern.pattern))
        elif pattern.name:
            yield prefix + str(pattern.pattern), pattern.name


# Reads of one person's details: route name -> (who reads, the URL, channel).
PERSON_READS = {
    "employee-detail": ("manager", "/api/v1/employees/{employee}/", "api"),
    "assessment-detail": ("manager", "/api/v1/assessments/{assessment}/", "api"),
    "assessment-list": ("manager", "/api/v1/assessments/?employee={employee}", "api"),
    "enrollment-detail": ("manager", "/api/v1/enrollments/{enrollment}/", "api"),
    "enrollment-list": ("manager", "/api/v1/enrollments/?employee={employee}", "api"),
    "practice-task-detail": (
        "manager",
        "/api/v1/practice-tasks/{submission}/",
        "api",
    ),
    "practice-task-list": (
        "manager",
        "/api/v1/practice-tasks/?enrollment={enrollment}",
        "api",
    ),
    "report-employee": ("manager", "/api/v1/reports/employee/{employee}/", "export"),
    "employee_detail": ("manager", "/employees/{employee}/", "page"),
    "employee_edit": ("hr", "/employees/{employee}/edit/", "page"),
    "assessment_create": ("manager", "/employees/{employee}/assess/", "page"),
    "assessment_conversation": (
        "manager",
        "/employees/{employee}/conversation/",
        "page",
    ),
    "fund-application-detail": (
        "manager",
        "/api/v1/fund-applications/{application}/",
        "api",
    ),
    "fund-application-list": (
        "manager",
        "/api/v1/fund-applications/?employee={employee}",
        "api",
    ),
    "report-fund-application": (
        "manager",
        "/api/v1/reports/fund-application/{application}/",
        "export",
    ),
    "funding_detail": ("manager", "/funding/{application}/", "page"),
}

# Everything else, grouped by why it is not a read of another person's details.
NOT_PERSON_READS = {
    "lists and figures over many people, never one person's details": {
        "employee-list",
        "progress-departments",
        "report-department-progress",
        "report-course-activity",
        "dashboard",
        "employee_list",
        "session-roster",
        "work_queue",
        "roster_list",
        "session_roster",
        "team",
        "funding-departments",
        "report-funding",
        "funding_list",
        "funding_to_sign",
        "funding_figures",
        "funding_create",
        # Requirements and campaigns (DESIGN §9): figures, and status rows of
        # many people, never one person's details.
        "obligations",
        "audience_size",
        "requirement-list",
        "requirement-detail",
        "requirement-people",
        "requirement_detail",
        "campaign-list",
        "campaign-detail",
        "campaign_detail",
        "progress-requirements",
        "progress-campaigns",
        "report-compliance",
        "requirement_create",
        "campaign_create",
    },
    "writes, which the audit trail records": {
        "api-employee-import",
        "department-detail",
        "session-cancel",
        "session-enroll",
        "enrollment-approve",
        "enrollment-attendance",
        "enrollment-complete",
        "enrollment-practice-task",
        "enrollment-reject",
        "enrollment-withdraw",
        "practice-task-approve",
        "practice-task-return-",
        "session_request",
        "enrollment_approve",
        "enrollment_reject",
        "enrollment_withdraw",
        "practice_task_review",
        "employee_create",
        "employee_import_confirm",
        "department_create",
        "department_edit",
        "role_create",
        "role_edit",
        "fund-application-sign",
        "fund-application-costs",
        "fund-application-submit",
        "fund-application-decide",
        "funding_sign",
        "funding_submit",
        "funding_decide",
        "funding_costs",
        "badge_revoke",
        "badge_hide",
        "requirement-exemptions",
        "exemption_grant",
        "requirement_edit",
        "campaign_edit",
        "campaign-tries",
        "try_review",
        "try_submit",
    },
    "public badge documents, which name no one (the holder shares the address)": {
        "badge_page",
        "badge_json",
        "badge_jwt",
        "badge_issuer",
        "badge_issuer_jwks",
        "badge_issuer_key",
        "badge_status_list",
        "badge_achievement",
    },
    "the person's own data only": {
        "self_assessment_create",
        "evidence_submit",
        "funding_mine",
    },
    "the organisation, the catalogue and reference data": {
        "department-list",
        "framework-list",
        "framework-detail",
        "competence-area-list",
        "competence-area-detail",
        "competence-list",
        "competence-detail",
        "level-list",
        "level-detail",
        "ladder-stage-list",
        "ladder-stage-detail",
        "role-list",
        "role-detail",
        "provider-list",
        "provider-detail",
        "course-list",
        "course-detail",
        "session-list",
        "session-detail",
        "catalogue",
        "course_detail",
        "session_bulk_enroll",
        "department_list",
        "role_list",
        "levels_help",
    },
    "the caller's own things: reports, imports, sign-in": {
        "report-job",
        "report-job-download",
        "employee_import",
        "employee_import_preview",
        "employee_import_template",
        "home",
        "my_page",
        "login",
        "logout",
        "oidc_start",
        "oidc_callback",
        "saml_login",
        "saml_acs",
        "saml_metadata",
        "saml_ls",
        "saml_ls_post",
        "set_language",
        "health",
        "api-schema",
        "api-docs",
    },
    "the caller's own notifications, open work, mail choices and calendar": {
        "notification-list",
        "notification-read",
        "todo",
        "me-preferences",
        "notification_list",
        "notification_read",
        "notification_read_all",
        "notification_preferences",
        "notification_unsubscribe",
        "calendar_feed",
        "calendar_feed_create",
        "calendar_feed_revoke",
    },
}


def test_every_route_is_classified():
    classified = set(PERSON_READS).union(*NOT_PERSON_READS.values())
    unknown = sorted(
        f"{name} ({route})" for route, name in route_names() if name not in classified
    )
    assert unknown == [], "Does this route show one person's details? " + str(unknown)


@pytest.fixture
def person(employee, partner):
    assessment = factories.AssessmentFactory(
        employee=employee, competence=competence("1.3")
    )
    session = factories.CourseSessionFactory(
        course=factories.CourseFactory(
            provider=partner, status="published", practice_task="Prøv det."
        )
    )
    enrollment = factories.EnrollmentFactory(
        employee=employee, session=session, status=Enrollment.Status.ENROLLED
    )
    submission = factories.PracticeTaskSubmissionFactory(enrollment=enrollment)
    line = factories.FundApplicationLineFactory(
        enrollment=enrollment, application__course=session.course
    )
    return {
        "employee": employee.pk,
        "assessment": assessment.pk,
        "enrollment": enrollment.pk,
        "submission": submission.pk,
        "application": line.application_id,
    }


@pytest.mark.parametrize("name", sorted(PERSON_READS))
def test_a_read_of_one_person_is_logged_once(
    client, name, person, employee, hr, manager
):
    reader, url, channel = PERSON_READS[name]
    client.force_login({"hr": hr, "manager": manager}[reader])
    response = client.get(url.format(**person))
    assert response.status_code == 200
    logged = list(
        EmployeeAccessLog.objects.filter(employee=employee).values_list(
            "viewer__username", "channel"
        )
    )
    assert logged == [(reader, channel)]


def test_many_rows_of_one_person_log_them_once(client, manager, employee):
    for code in ("1.1", "1.2", "1.3"):
        factories.AssessmentFactory(employee=employee, competence=competence(code))
    client.force_login(manager)
    response = client.get(f"/api/v1/assessments/?employee={employee.pk}")
    assert len(response.json()["results"]) == 3
    assert EmployeeAccessLog.objects.filter(employee=employee).count() == 1


def test_reading_oneself_is_not_logged(client, employee):
    client.force_login(employee.user)
    client.get(f"/api/v1/assessments/?employee={employee.pk}")
    client.get(reverse("employee_detail", args=[employee.pk]))
    assert not EmployeeAccessLog.objects.exists()


def test_a_list_of_everyone_is_not_a_read_of_one(client, manager, employee):
    factories.AssessmentFactory(employee=employee)
    client.force_login(manager)
    client.get("/api/v1/assessments/")
    assert not EmployeeAccessLog.objects.exists()


PERSON_MODELS = {
    Employee,
    Assessment,
    Enrollment,
    PracticeTaskSubmission,
    Badge,
    Notification,
}


def test_every_admin_of_one_persons_rows_logs_its_reads():
    for model in PERSON_MODELS:
        assert isinstance(admin.site._registry[model], LoggedPersonReads), model


def test_opening_evidence_in_the_admin_is_logged(client, person, employee):
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.get(
        reverse(
            "admin:courses_practicetasksubmission_change", args=[person["submission"]]
        )
    )
    assert response.status_code == 200
    assert list(
        EmployeeAccessLog.objects.filter(employee=employee).values_list(
            "viewer__username", "channel"
        )
    ) == [("root", "admin")]
