import io
import json
import zipfile

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from employees.models import Employee, EmployeeAccessLog
from tests import factories


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def test_a_change_records_who_when_and_what_with_the_email_masked(employee, hr):
    with set_actor(hr):
        employee.name = "Anna Jensen-Holm"
        employee.work_email = "anna.holm@kommune.dk"
        employee.save()
    entry = entries_for(employee).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == hr and entry.timestamp is not None
    assert entry.changes["name"] == ["Anna Jensen", "Anna Jensen-Holm"]
    assert "anna.holm@kommune.dk" not in json.dumps(entry.changes)
    assert entry.additional_data["employee"] == employee.pk
    assert entry.additional_data["department_path"] == employee.department.path


def test_grants_assessments_enrollments_and_courses_are_audited(employee, manager):
    with set_actor(manager):
        grant = factories.AccessGrantFactory(user=employee.user)
        assessment = factories.AssessmentFactory(employee=employee, note="Privat note")
        course = factories.CourseFactory()
        enrollment = factories.EnrollmentFactory(
            employee=employee, session=factories.CourseSessionFactory(course=course)
        )
    for obj in (grant, assessment, course, enrollment):
        entry = entries_for(obj).get(action=LogEntry.Action.CREATE)
        assert entry.actor == manager, obj
    note = entries_for(assessment).get().changes["note"][1]
    assert note != "Privat note"
    assert entries_for(enrollment).get().additional_data["employee"] == employee.pk


def test_hr_sees_the_trail_of_their_own_municipality_only(
    client, hr, employee, other_municipality
):
    stranger = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality),
        name="Fremmed Person",
    )
    hr.is_staff = True
    hr.save()
    client.force_login(hr)
    response = client.get("/admin/auditlog/logentry/")
    assert response.status_code == 200
    body = response.content.decode()
    assert str(employee) in body
    assert str(stranger) not in body


def test_a_manager_has_no_audit_trail_in_the_admin(client, manager):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert client.get("/admin/auditlog/logentry/").status_code == 403


def test_the_admin_action_downloads_the_access_bundle(client, employee):
    admin_user = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/employees/employee/",
        {"action": "export_access_bundle", "_selected_action": [employee.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "Anna" not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert {name.rsplit(".", 1)[1] for name in names} == {"json", "xlsx"}
    bundle = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    assert bundle["sections"]["profile"][0]["name"] == "Anna Jensen"
    assert EmployeeAccessLog.objects.filter(
        employee=employee, viewer=admin_user, channel="export"
    ).exists()
    assert Employee.objects.count() == 1


def test_deleting_an_employee_with_history_is_audited(employee, hr):
    factories.AssessmentFactory(employee=employee)
    pk = employee.pk
    with set_actor(hr):
        employee.delete()
    entry = LogEntry.objects.get(
        content_type__model="employee", object_id=pk, action=LogEntry.Action.DELETE
    )
    assert entry.actor == hr
    assert LogEntry.objects.filter(
        content_type__model="assessment", action=LogEntry.Action.DELETE
    ).exists()
