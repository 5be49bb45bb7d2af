"""The obligations pages: HR keeps requirements, leads see who is behind,
the employee sees their own and submits the campaign task."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from obligations import services
from obligations.models import CampaignTry, Requirement
from tests import factories


def test_hr_creates_a_requirement_with_a_preview(client, hr, forvaltning, department):
    factories.EmployeeFactory.create_batch(3, department=department)
    client.force_login(hr)
    preview = client.get(
        reverse("audience_size"),
        {"departments": [forvaltning.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert preview.content.decode() == "3 people are in this audience today."
    course = factories.CourseFactory()
    response = client.post(
        reverse("requirement_create"),
        {
            "name": "Informationssikkerhed",
            "kind": "course",
            "courses": [course.pk],
            "departments": [forvaltning.pk],
            "due_on": "2027-03-01",
        },
    )
    requirement = Requirement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("requirement_detail", args=[requirement.pk])


def test_bad_input_shows_the_field_message(client, hr, forvaltning):
    client.force_login(hr)
    course = factories.CourseFactory()
    response = client.post(
        reverse("requirement_create"),
        {
            "name": "X",
            "kind": "course",
            "courses": [course.pk],
            "departments": [forvaltning.pk],
            "due_on": "3001-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Give a date between 1900 and 2999." in response.content.decode()
    assert not Requirement.objects.exists()


def test_a_manager_cannot_open_the_form(client, manager):
    client.force_login(manager)
    assert client.get(reverse("requirement_create")).status_code == 404


def test_detail_lists_overdue_first(client, tree, hr):
    client.force_login(hr)
    response = client.get(
        reverse("requirement_detail", args=[tree.security.pk]), {"at": "2026-07-01"}
    )
    text = response.content.decode()
    assert text.index("P1 lapses") < text.index("P2 equivalent")


def test_employee_sees_own_requirements_and_submits_the_task(
    client, hr, employee, forvaltning
):
    today = timezone.localdate()
    course = factories.CourseFactory(title="Sikker digital adfærd")
    services.requirement_create(
        actor=hr,
        name="Informationssikkerhed",
        kind="course",
        courses=[course],
        departments=[forvaltning],
        due_on=today + timedelta(days=10),
    )
    campaign = services.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="Færre fejl",
        practice_task="Dokumentér et besøg i det nye system.",
        departments=[forvaltning],
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    client.force_login(employee.user)
    page = client.get(reverse("employee_detail", args=[employee.pk]))
    text = page.content.decode()
    assert "Informationssikkerhed" in text
    assert "Sikker digital adfærd" in text
    assert "Dokumentér et besøg i det nye system." in text
    response = client.post(
        reverse("try_submit", args=[campaign.pk]), {"evidence": "Jeg prøvede det."}
    )
    assert response.status_code == 302
    assert CampaignTry.objects.get().status == "submitted"


def test_manager_dashboard_shows_overdue_people_first(
    client, hr, manager, employee, forvaltning
):
    services.requirement_create(
        actor=hr,
        name="Informationssikkerhed",
        kind="course",
        courses=[factories.CourseFactory()],
        departments=[forvaltning],
        due_on=timezone.localdate() - timedelta(days=1),
        effective_from=timezone.localdate() - timedelta(days=100),
    )
    client.force_login(manager)
    text = client.get(reverse("dashboard")).content.decode()
    assert "Anna Jensen" in text
    assert text.index("urgent-heading") < text.index("Anna Jensen")


def test_manager_approves_a_try_on_the_campaign_page(
    client, hr, manager, employee, forvaltning
):
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="P",
        practice_task="T",
        departments=[forvaltning],
        starts_on=today,
        ends_on=today,
    )
    attempt = services.campaign_try_submit(
        campaign=campaign, employee=employee, evidence="Prøvet", actor=employee.user
    )
    client.force_login(manager)
    page = client.get(reverse("campaign_detail", args=[campaign.pk]))
    assert "Prøvet" in page.content.decode()
    client.post(reverse("try_review", args=[attempt.pk]), {"decision": "approve"})
    attempt.refresh_from_db()
    assert attempt.status == "approved"


def test_a_try_waits_in_the_managers_work_queue_and_is_approved_there(
    client, hr, manager, employee, forvaltning
):
    """The work queue of courses lists a try beside course practice tasks
    (its title is the campaign's) and reviews it by the same service."""
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="P",
        practice_task="T",
        departments=[forvaltning],
        starts_on=today,
        ends_on=today,
    )
    attempt = services.campaign_try_submit(
        campaign=campaign, employee=employee, evidence="Prøvet", actor=employee.user
    )
    client.force_login(manager)
    html = client.get(reverse("work_queue")).content.decode()
    assert f'id="review-{attempt.submission_id}"' in html
    assert "Nyt omsorgssystem" in html
    url = reverse("practice_task_review", args=[attempt.submission_id])
    client.post(url, {"decision": "approve", "note": ""})
    attempt.refresh_from_db()
    assert attempt.status == "approved"
    client.force_login(employee.user)
    # The employee cannot review their own try there either.
    other = services.campaign_try_submit(
        campaign=_second_campaign(hr, forvaltning, today),
        employee=employee,
        evidence="Prøvet igen",
        actor=employee.user,
    )
    url = reverse("practice_task_review", args=[other.submission_id])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "submitted"


def _second_campaign(hr, forvaltning, today):
    return services.campaign_create(
        actor=hr,
        name="Ny app",
        purpose="P",
        practice_task="T",
        departments=[forvaltning],
        starts_on=today,
        ends_on=today,
    )


def test_pages_speak_danish(client, tree, hr):
    client.force_login(hr)
    text = client.get(
        reverse("requirement_detail", args=[tree.security.pk]),
        {"at": "2026-07-01"},
        HTTP_ACCEPT_LANGUAGE="da",
    ).content.decode()
    assert "Overskredet" in text
    assert "Overskredne og forfaldne først" in text
