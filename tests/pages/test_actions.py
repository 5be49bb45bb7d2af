"""Writes through the pages: each goes through the workflow services and scope."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competences.models import Assessment
from courses.models import Enrollment, PracticeTaskSubmission
from employees.models import Employee
from tests import factories
from tests.factories import competence

pytestmark = pytest.mark.django_db
Review = PracticeTaskSubmission.Review


def test_the_manager_approves_a_request(client, scene, manager):
    client.force_login(manager)
    response = client.post(reverse("enrollment_approve", args=[scene.request.pk]))
    assert response.status_code == 302
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.ENROLLED
    assert scene.request.approved_by == manager


def test_another_departments_manager_cannot_approve(client, scene, other_manager):
    client.force_login(other_manager)
    response = client.post(reverse("enrollment_approve", args=[scene.request.pk]))
    assert response.status_code == 404
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.REQUESTED


def test_a_viewer_cannot_reject(client, scene, viewer):
    client.force_login(viewer)
    response = client.post(reverse("enrollment_reject", args=[scene.request.pk]))
    assert response.status_code == 404
    scene.request.refresh_from_db()
    assert scene.request.status == Enrollment.Status.REQUESTED


def test_approving_twice_shows_the_refusal(client, scene, manager):
    client.force_login(manager)
    url = reverse("enrollment_approve", args=[scene.request.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Kun en anmodet tilmelding kan godkendes." in response.content.decode()


def test_the_dashboard_lists_open_work(client, scene, manager):
    client.force_login(manager)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'id="request-{scene.request.pk}"' in html
    assert f'id="review-{scene.submission.pk}"' in html
    assert 'id="stage-table"' in html
    assert "/api/v1/reports/department-progress/?" in html


def test_returning_evidence_needs_a_note(client, scene, manager):
    client.force_login(manager)
    url = reverse("practice_task_review", args=[scene.submission.pk])
    response = client.post(url, {"decision": "return", "note": " "}, follow=True)
    assert "Skriv hvad der mangler" in response.content.decode()
    scene.submission.refresh_from_db()
    assert scene.submission.status == Review.SUBMITTED


def test_the_manager_approves_evidence_and_the_course_completes(client, scene, manager):
    client.force_login(manager)
    url = reverse("practice_task_review", args=[scene.submission.pk])
    client.post(url, {"decision": "approve", "note": "Fint"})
    scene.submission.refresh_from_db()
    assert scene.submission.status == Review.APPROVED
    assert scene.submission.enrollment.status == Enrollment.Status.COMPLETED


def test_the_employee_requests_a_seat(client, scene, employee):
    client.force_login(employee.user)
    response = client.post(reverse("session_request", args=[scene.session.pk]))
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(employee=employee, session=scene.session)
    assert enrollment.status == Enrollment.Status.REQUESTED


def test_a_user_without_employee_record_cannot_request(client, scene, viewer):
    client.force_login(viewer)
    response = client.post(reverse("session_request", args=[scene.session.pk]))
    assert response.status_code == 404
    assert not Enrollment.objects.filter(session=scene.session).exclude(
        pk=scene.request.pk
    )


def _evidence_enrollment(scene, employee):
    return factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(course=scene.course),
        status=Enrollment.Status.ENROLLED,
    )


def test_empty_evidence_is_refused_next_to_the_field(client, scene, employee):
    enrollment = _evidence_enrollment(scene, employee)
    client.force_login(employee.user)
    url = reverse("evidence_submit", args=[enrollment.pk])
    response = client.post(url, {"evidence": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_evidence_error"' in html
    assert not PracticeTaskSubmission.objects.filter(enrollment=enrollment).exists()


def test_the_employee_submits_evidence(client, scene, employee):
    enrollment = _evidence_enrollment(scene, employee)
    client.force_login(employee.user)
    url = reverse("evidence_submit", args=[enrollment.pk])
    response = client.post(url, {"evidence": "Tre besøg dokumenteret."})
    assert response.status_code == 302
    submission = PracticeTaskSubmission.objects.get(enrollment=enrollment)
    assert submission.evidence == "Tre besøg dokumenteret."
    assert submission.status == Review.SUBMITTED


def test_a_manager_records_a_level(client, scene, manager, employee):
    client.force_login(manager)
    url = reverse("assessment_create", args=[employee.pk])
    data = {"competence": competence("2.1").pk, "level": 3, "note": "Set i praksis"}
    response = client.post(url, data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(employee=employee, competence=competence("2.1"))
    assert (assessment.level, assessment.source) == (3, Assessment.Source.MANAGER)
    assert assessment.assessed_by == manager


def test_a_bad_level_keeps_the_note_and_changes_nothing(client, manager, employee):
    client.force_login(manager)
    before = Assessment.objects.count()
    url = reverse("assessment_create", args=[employee.pk])
    data = {"competence": competence("2.1").pk, "level": 9, "note": "Min note"}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_level_error"' in html
    assert "Min note" in html
    assert Assessment.objects.count() == before


def test_the_employee_self_assesses(client, employee):
    client.force_login(employee.user)
    url = reverse("self_assessment_create", args=[employee.pk])
    client.post(url, {"competence": competence("5.1").pk, "level": 4})
    assessment = Assessment.objects.get(employee=employee, competence=competence("5.1"))
    assert assessment.source == Assessment.Source.SELF


def test_hr_enrolls_a_department_and_sees_who_is_waitlisted(
    client, scene, hr, department
):
    factories.EmployeeFactory(department=department, name="Dan Berg")
    client.force_login(hr)
    url = reverse("session_bulk_enroll", args=[scene.session.pk])
    preview = client.get(url, {"department": department.pk})
    candidates = preview.context["form"].fields["employees"].queryset
    # Bo has asked for a seat already: shown, not offered.
    assert [e.name for e, _status in preview.context["already"]] == ["Bo Hansen"]
    assert "Bo Hansen" not in {e.name for e in candidates}
    # Two free seats: only the first two are ticked.
    assert len(preview.context["form"].initial["employees"]) == 2
    chosen = [e.pk for e in candidates.order_by("name")]
    response = client.post(url, {"employees": chosen})
    outcomes = {r["name"]: r["outcome"] for r in response.context["results"]}
    assert outcomes == {
        "Anna Jensen": "enrolled",
        "Carl Dahl": "enrolled",
        "Dan Berg": "waitlisted",
    }
    html = response.content.decode()
    assert "På venteliste" in html
    assert response.context["tally"] == {"enrolled": 2, "waitlisted": 1, "refused": 0}
    # The page counts the seats as they are after enrolling.
    assert "2 af 2 pladser optaget" in html
    statuses = set(
        Enrollment.objects.filter(session=scene.session).values_list(
            "employee__name", "status"
        )
    )
    assert ("Dan Berg", Enrollment.Status.WAITLISTED) in statuses


def test_bulk_enroll_ignores_employees_outside_hr_scope(
    client, scene, hr, other_hr, other_municipality
):
    stranger = factories.EmployeeFactory(
        department=factories.DepartmentFactory(parent=other_municipality)
    )
    client.force_login(hr)
    url = reverse("session_bulk_enroll", args=[scene.session.pk])
    response = client.post(url, {"employees": [stranger.pk]})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert not Enrollment.objects.filter(employee=stranger).exists()


def test_hr_creates_an_employee_and_a_duplicate_number_is_refused(
    client, hr, department
):
    client.force_login(hr)
    data = {
        "employee_number": "77001",
        "name": "Eva Lund",
        "work_email": "eva@testrup.dk",
        "department": department.pk,
        "is_active": "on",
    }
    assert client.post(reverse("employee_create"), data).status_code == 302
    again = client.post(reverse("employee_create"), {**data, "name": "Eva Igen"})
    html = again.content.decode()
    assert 'id="id_employee_number_error"' in html
    assert 'value="Eva Igen"' in html
    assert Employee.objects.filter(employee_number="77001").count() == 1


def test_hr_creates_a_department_under_their_municipality(client, hr, municipality):
    client.force_login(hr)
    data = {"name": "Ældreplejen", "code": "AEP", "parent": municipality.pk}
    assert client.post(reverse("department_create"), data).status_code == 302
    assert municipality.children.filter(code="AEP").exists()


def test_hr_keeps_a_role_profile(client, hr, municipality):
    client.force_login(hr)
    data = {
        "municipality": municipality.pk,
        "name": "Socialrådgiver",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "0",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "40",
        "profile-0-competence": competence("1.1").pk,
        "profile-0-target_level": "5",
    }
    assert client.post(reverse("role_create"), data).status_code == 302
    role = municipality.job_roles.get(name="Socialrådgiver")
    assert list(role.profile.values_list("target_level", flat=True)) == [5]


def test_the_catalogue_filters_and_rejects_bad_values(client, scene):
    online = factories.CourseFactory(title="Online sikkerhed", mode="online")
    response = client.get(reverse("catalogue"), {"mode": "online"})
    titles = [c.title for c in response.context["page_obj"]]
    assert titles == [online.title]
    bad = client.get(reverse("catalogue"), {"mode": "telepathy", "level": "x"})
    assert bad.status_code == 200
    assert 'id="id_mode_error"' in bad.content.decode()


def test_the_employee_page_suggests_a_course_for_a_gap(client, scene, employee):
    client.force_login(employee.user)
    response = client.get(reverse("employee_detail", args=[employee.pk]))
    suggested = {
        competence.code: courses
        for competence, courses in response.context["suggestions"]
    }
    assert [c.pk for c in suggested["1.3"]] == [scene.course.pk]
    html = response.content.decode()
    assert "Dokumentation i omsorgssystemet" in html


def test_a_manager_looking_at_an_employee_is_logged(client, manager, employee):
    client.force_login(manager)
    client.get(reverse("employee_detail", args=[employee.pk]))
    client.force_login(employee.user)
    client.get(reverse("employee_detail", args=[employee.pk]))
    viewers = list(employee.access_log.values_list("viewer__username", "channel"))
    assert viewers == [("manager", "page")]


def test_the_dashboard_names_who_moved_up(client, scene, manager):
    long_ago = timezone.now() - timedelta(days=400)
    for code in ("1.3", "2.1"):
        factories.AssessmentFactory(
            employee=scene.colleague,
            competence=competence(code),
            level=1,
            assessed_at=long_ago,
        )
        factories.AssessmentFactory(
            employee=scene.colleague, competence=competence(code), level=5
        )
    client.force_login(manager)
    response = client.get(reverse("dashboard"))
    moved = response.context["moved_up"]
    # Anna's first validated level this period lifts her off "not assessed".
    names = [item["employee"].name for item in moved["shown"]]
    assert names == ["Anna Jensen", "Bo Hansen"]
    assert moved["total"] == response.context["rows"][0]["moved_up"]
    assert "Bo Hansen</a>: Teknologibruger → Teknologikyndig" in (
        response.content.decode()
    )


def test_the_report_buttons_lead_to_downloads(client, scene, manager, employee):
    client.force_login(manager)
    dashboard = client.get(reverse("dashboard"))
    report = client.get(dashboard.context["report_url"])
    assert report.status_code in (200, 202)
    page = client.get(reverse("employee_detail", args=[employee.pk]))
    sheet_url = reverse("report-employee", args=[employee.pk])
    assert sheet_url in page.content.decode()
    assert client.get(sheet_url).status_code in (200, 202)


def test_out_of_scope_writes_answer_404_and_change_nothing(
    client, scene, other_manager, other_hr, employee
):
    client.force_login(other_manager)
    review = reverse("practice_task_review", args=[scene.submission.pk])
    assert client.post(review, {"decision": "approve"}).status_code == 404
    assess = reverse("assessment_create", args=[employee.pk])
    data = {"competence": competence("1.1").pk, "level": 5}
    assert client.post(assess, data).status_code == 404
    client.force_login(other_hr)
    assert client.get(reverse("employee_detail", args=[employee.pk])).status_code == 404
    bulk = reverse("session_bulk_enroll", args=[scene.session.pk])
    client.post(bulk, {"employees": [employee.pk]})
    scene.submission.refresh_from_db()
    assert scene.submission.status == PracticeTaskSubmission.Review.SUBMITTED
    assert not Assessment.objects.filter(employee=employee, level=5).exists()
    assert not Enrollment.objects.filter(employee=employee).exists()


def test_hr_picks_those_below_target_in_a_competence(client, scene, hr):
    factories.AssessmentFactory(
        employee=scene.colleague, competence=competence("1.3"), level=4
    )
    client.force_login(hr)
    url = reverse("session_bulk_enroll", args=[scene.session.pk])
    response = client.get(url, {"gap": competence("1.3").pk})
    candidates = response.context["form"].fields["employees"].queryset
    # Anna is at 2 of 4; Bo reached 4; Carl has no role with that target.
    assert [e.name for e in candidates] == ["Anna Jensen"]
    empty = client.get(url, {})
    assert empty.context["form"] is None


def test_a_department_outside_scope_is_refused_on_the_dashboard(
    client, scene, other_hr, department
):
    client.force_login(other_hr)
    response = client.get(reverse("dashboard"), {"department": department.pk})
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert department.name not in [row["name"] for row in response.context["rows"]]
    assert "Bo Hansen" not in response.content.decode()


def test_bulk_enroll_without_a_choice_says_so_and_enrolls_nobody(client, scene, hr):
    client.force_login(hr)
    url = reverse("session_bulk_enroll", args=[scene.session.pk])
    before = Enrollment.objects.count()
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Vælg mindst én medarbejder." in response.content.decode()
    assert client.post(url, {"employees": ["x", "-1"]}).status_code == 200
    assert Enrollment.objects.count() == before
