import io
import json
import re
from datetime import timedelta
from unittest import mock

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from courses import services
from courses.models import Enrollment
from courses.services.catalogue import session_update
from credentials.models import Badge
from credentials.services import badge_award, badge_revoke, badge_sign
from employees.models import ApiToken, Employee, EmployeeAccessLog
from employees.services import employee_access_log
from funding.services import fund_application_create, fund_application_sign
from notifications import services as notification_services
from notifications.models import Notification
from privacy.bundle import SECTIONS, covered_foreign_keys
from tests import factories


def personal_foreign_keys() -> set[tuple[str, str]]:
    """Every foreign key (or one-to-one) to Employee or User in the project."""
    targets = {get_user_model(), Employee}
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in targets
    }


def test_every_model_with_personal_data_is_in_the_bundle():
    missing = personal_foreign_keys() - covered_foreign_keys()
    assert not missing, f"add a Section to employees/gdpr/bundle.py for {missing}"


@pytest.fixture
def rich_employee(employee, manager, hr):
    """The demo employee with a row in every part of the bundle."""
    factories.AccessGrantFactory(user=employee.user, department=employee.department)
    factories.AssessmentFactory(
        employee=employee, note="Godt arbejde", assessed_by=manager
    )
    factories.AssessmentFactory(
        employee=employee, source="self", assessed_by=employee.user
    )
    course = factories.CourseFactory(practice_task="Dokumentér tre besøg.")
    enrollment = factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(course=course),
        status=Enrollment.Status.ATTENDED,
        requested_by=employee.user,
    )
    factories.PracticeTaskSubmissionFactory(
        enrollment=enrollment, evidence='=HYPERLINK("x")', submitted_by=employee.user
    )
    employee_access_log(viewer=hr, employee=employee, channel="page")
    badge = badge_award(employee=employee, course=course, awarded_at=timezone.now())
    badge_revoke(badge=badge, revoked_by=hr, reason="Anna fik den ved en fejl")
    line = factories.FundApplicationLineFactory(
        enrollment=enrollment, application__course=course
    )
    factories.FundSignatureFactory(
        application=line.application,
        role="employee",
        employee=employee,
        signed_by=employee.user,
        name="Anna Jensen",
    )
    employee.name = "Anna Jensen-Holm"
    employee.save()  # an audit entry
    services.enrollment_reject(
        enrollment=factories.EnrollmentFactory(employee=employee, status="requested"),
        rejected_by=manager,
        reason="Ikke i år.",
    )  # a notification
    notification_services.preferences_get(user=employee.user)
    return employee


def test_export_person_writes_every_part_as_json_and_xlsx(rich_employee, tmp_path):
    call_command(
        "export_person", rich_employee.employee_number, "--output", str(tmp_path)
    )
    (json_file,) = tmp_path.glob("*.json")
    bundle = json.loads(json_file.read_text(encoding="utf-8"))
    sections = bundle["sections"]
    assert sections["profile"][0]["name"] == "Anna Jensen-Holm"
    for part in (
        "access_grants",
        "assessments",
        "enrollments",
        "practice_evidence",
        "badges",
        "audit_entries",
        "read_access_log",
        "notifications",
        "notification_preferences",
        "fund_applications",
        "fund_application_participation",
        "fund_signatures",
    ):
        assert sections[part], part
    (badge,) = sections["badges"]
    assert badge["revocation_reason"] == "Anna fik den ved en fejl"
    assert badge["identity_hash"].startswith("sha256$")
    assert "mail_key" not in sections["notification_preferences"][0]
    assert {row["channel"] for row in sections["read_access_log"]} == {"page", "export"}
    assert "hashed_key" not in json_file.read_text()

    (xlsx_file,) = tmp_path.glob("*.xlsx")
    workbook = openpyxl.load_workbook(xlsx_file)
    assert workbook.sheetnames == ["summary", *(s.name for s in SECTIONS)]
    evidence = workbook["practice_evidence"]
    header = [cell.value for cell in evidence[1]]
    cell = evidence.cell(row=2, column=header.index("evidence") + 1)
    assert cell.value == '\'=HYPERLINK("x")' and cell.data_type == "s"


def test_export_person_refuses_an_unknown_number(db, tmp_path):
    with pytest.raises(Exception, match="No employee with that number"):
        call_command("export_person", "nope", "--output", str(tmp_path))


def test_looking_at_oneself_is_not_logged(employee):
    employee_access_log(viewer=employee.user, employee=employee, channel="page")
    assert not EmployeeAccessLog.objects.exists()


# --- Retention ---------------------------------------------------------------------
def moved_clock(days: int):
    future = timezone.localdate() + timedelta(days=days)
    return mock.patch("privacy.retention.timezone.localdate", return_value=future)


def figures(user):
    from reports.figures import department_figures

    today = timezone.localdate()
    return department_figures(
        user=user, date_from=today - timedelta(days=3650), date_to=today
    )


def test_retention_anonymises_after_the_period_and_keeps_figures(
    rich_employee, department, hr, settings
):
    settings.RETENTION_DAYS_AFTER_EMPLOYMENT = 730
    colleague = factories.EmployeeFactory(department=department, name="Bo Kollega")
    factories.AssessmentFactory(employee=colleague, level=5)
    Employee.objects.filter(pk=rich_employee.pk).update(
        employment_end=timezone.localdate() - timedelta(days=10), is_active=False
    )
    before = figures(hr)

    call_command("apply_retention")
    assert Employee.objects.get(pk=rich_employee.pk).anonymised_at is None

    with moved_clock(days=730):
        call_command("apply_retention", "--dry-run")
        assert Employee.objects.get(pk=rich_employee.pk).anonymised_at is None
        call_command("apply_retention")

    anonymised = Employee.objects.get(pk=rich_employee.pk)
    assert anonymised.anonymised_at is not None
    assert anonymised.name == "Anonymiseret" and anonymised.work_email == ""
    assert "Anna" not in anonymised.employee_number
    assert anonymised.user is None
    user = get_user_model().objects.get(username=f"anonymised-{rich_employee.user_id}")
    assert not user.is_active and not user.has_usable_password()
    assert not rich_employee.assessments.exclude(note="").exists()
    evidence = Enrollment.objects.get(
        employee=anonymised, status="attended"
    ).practice_tasks.get()
    assert evidence.evidence == ""
    # The badge stays, verifiable and revoked; the reason's words go.
    (badge,) = Badge.objects.filter(employee=anonymised)
    assert badge.is_revoked and badge.revocation_reason == "***"
    assert (
        Enrollment.objects.get(employee=anonymised, status="rejected").decision_note
        == ""
    )
    assert not Notification.objects.filter(employee=anonymised).exists()
    assert Employee.objects.get(pk=colleague.pk).name == "Bo Kollega"

    history = json.dumps(
        list(LogEntry.objects.values("object_repr", "changes", "serialized_data"))
    )
    for secret in ("Anna", "Jensen", "Godt arbejde", rich_employee.employee_number):
        assert secret not in history
    grant_entries = LogEntry.objects.filter(content_type__model="accessgrant")
    assert grant_entries.exists()
    assert not any("employee" in e.object_repr for e in grant_entries)
    assert figures(hr) == before


def test_retention_dry_run_changes_nothing(rich_employee, settings):
    settings.RETENTION_DAYS_AFTER_EMPLOYMENT = 730
    Employee.objects.filter(pk=rich_employee.pk).update(
        employment_end=timezone.localdate() - timedelta(days=790), is_active=False
    )
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "1 employee(s)" in out.getvalue()
    assert Employee.objects.get(pk=rich_employee.pk).name == "Anna Jensen-Holm"
    call_command("apply_retention")
    assert Employee.objects.get(pk=rich_employee.pk).name == "Anonymiseret"


def test_retention_deletes_unconfirmed_uploads_after_a_day(hr, municipality):
    from employees.models import EmployeeImport

    old = EmployeeImport.objects.create(
        municipality=municipality, uploaded_by=hr, filename="a.csv", content=b"x"
    )
    applied = EmployeeImport.objects.create(
        municipality=municipality,
        uploaded_by=hr,
        filename="b.csv",
        content=b"",
        applied_at=timezone.now(),
    )
    fresh = EmployeeImport.objects.create(
        municipality=municipality, uploaded_by=hr, filename="c.csv", content=b"y"
    )
    EmployeeImport.objects.filter(pk__in=[old.pk, applied.pk]).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    call_command("apply_retention")
    remaining = set(EmployeeImport.objects.values_list("pk", flat=True))
    assert remaining == {applied.pk, fresh.pk}


def test_the_bundle_costs_the_same_queries_for_more_rows(rich_employee, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from privacy.bundle import access_bundle

    def queries():
        with CaptureQueriesContext(connection) as captured:
            access_bundle(employee=rich_employee)
        return len(captured)

    before = queries()
    for _ in range(10):
        factories.AssessmentFactory(employee=rich_employee, assessed_by=manager)
        factories.EnrollmentFactory(employee=rich_employee)
    assert queries() == before


def test_the_bundle_holds_no_secret_or_its_hash(rich_employee, tmp_path):
    _token, key = ApiToken.objects.create_key(name="script", user=rich_employee.user)
    call_command(
        "export_person", rich_employee.employee_number, "--output", str(tmp_path)
    )
    (json_file,) = tmp_path.glob("*.json")
    text = json_file.read_text()
    prefix, _dot, secret = key.partition(".")
    stored = ApiToken.objects.get(prefix=prefix)
    assert json.loads(text)["sections"]["api_tokens"][0]["prefix"] == prefix
    assert stored.hashed_key not in text
    assert secret not in text
    assert rich_employee.user.password not in text


# --- Retention reaches every table ------------------------------------------------
@pytest.fixture
def leaver(department, client, hr):
    """Someone who left years ago and left traces everywhere a person can."""
    user = factories.UserFactory(
        username="zquist", email="zacharias.quist@kommune.dk", first_name="Zacharias"
    )
    employee = factories.EmployeeFactory(
        department=department,
        user=user,
        name="Zacharias Quist",
        employee_number="Q-778899",
        work_email="zacharias.quist@kommune.dk",
    )
    factories.AssessmentFactory(employee=employee, note="Zacharias Quist klarer det")
    badge = badge_award(
        employee=employee,
        course=factories.CourseFactory(),
        awarded_at=timezone.now(),
    )
    badge_sign(badge=badge)
    badge_revoke(badge=badge, revoked_by=hr, reason="Zacharias Quist rettede den")
    _fund_traces(employee, hr)
    ApiToken.objects.create_key(name="zquist 2024-01-01", user=user)
    # A session, a failed and a good sign-in (the lockout and sign-in logs).
    client.post("/login/", {"username": "zquist", "password": "wrong"})
    client.post("/login/", {"username": "zquist", "password": "demo-password-1"})
    # A change in the admin (the admin's own history names the row).
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    admin_client = type(client)()
    admin_client.force_login(root)
    admin_client.post(
        f"/admin/employees/employee/{employee.pk}/change/",
        {
            "name": "Zacharias Quist",
            "employee_number": "Q-778899",
            "work_email": "zacharias.quist@kommune.dk",
            "department": department.pk,
            "user": user.pk,
        },
    )
    # Notifications to and about them: a request their manager heard of, a
    # placement by HR, mail preferences and a calendar feed.
    manager = factories.UserFactory(username="boss")
    factories.AccessGrantFactory(user=manager, department=department)
    session = factories.CourseSessionFactory()
    services.enrollment_request(employee=employee, session=session, requested_by=user)
    placed = factories.CourseSessionFactory()
    services.enrollment_enroll(employee=employee, session=placed, enrolled_by=hr)
    # HR hears that a session moved, with the names of those it placed on it.
    session_update(session=placed, location="Biblioteket")
    notification_services.preferences_update(user=user, language="en")
    notification_services.calendar_feed_create(user=user)
    Employee.objects.filter(pk=employee.pk).update(
        employment_end=timezone.localdate() - timedelta(days=800), is_active=False
    )
    return employee


def _fund_traces(employee, hr):
    """An application the person signed as participant, and one they signed
    for someone else as manager."""
    factories.fund_rule()
    enrollment = factories.EnrollmentFactory(employee=employee)
    application = fund_application_create(enrollments=[enrollment], actor=hr)
    fund_application_sign(application=application, actor=employee.user)
    other = factories.FundApplicationLineFactory()
    factories.FundSignatureFactory(
        application=other.application,
        role="employee",
        employee=other.employee,
        name=other.employee.name,
    )
    factories.FundSignatureFactory(
        application=other.application, signed_by=employee.user, name=employee.name
    )


def test_after_retention_no_table_holds_the_person(leaver, settings):
    settings.RETENTION_DAYS_AFTER_EMPLOYMENT = 730
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert "Quist" in dump.getvalue()  # the traces the fixture left are there
    call_command("apply_retention", stdout=io.StringIO())
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    everything = dump.getvalue().lower()
    for trace in ("quist", "q-778899", "zacharias", "zquist"):
        # As a word of its own: keys, signatures and salts are random
        # base64url text, in which "quist" turns up now and then.
        assert not re.search(rf"(?<![\w-]){re.escape(trace)}(?![\w-])", everything), (
            trace
        )


def test_retention_never_touches_an_active_employee(employee, settings):
    settings.RETENTION_DAYS_AFTER_EMPLOYMENT = 730
    Employee.objects.filter(pk=employee.pk).update(
        employment_end=timezone.localdate() - timedelta(days=800)
    )
    errors = io.StringIO()
    call_command("apply_retention", stdout=io.StringIO(), stderr=errors)
    employee.refresh_from_db()
    assert employee.name == "Anna Jensen" and employee.anonymised_at is None
    assert employee.employee_number in errors.getvalue()
