"""Tries made before they were practice-task evidence keep what they said.

Migrates back to before courses 0005 and obligations 0002, writes a course's
practice task and two tries with the old columns, migrates forward and reads
them through today's models.
"""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from courses.models import PracticeTaskSubmission
from obligations.models import CampaignTry
from tests import factories

BEFORE = [
    ("courses", "0004_prerequisites_equivalents_waitlist_order"),
    ("obligations", "0001_requirements_and_campaigns"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_tries_keep_their_status_and_notes():
    department = factories.DepartmentFactory()
    person = factories.EmployeeFactory(department=department)
    person.user = factories.UserFactory(username="tester")
    person.save()
    reviewer = factories.UserFactory(username="chef")
    enrollment = factories.EnrollmentFactory(employee=person, status="attended")
    submitted = datetime(2026, 3, 2, 9, tzinfo=UTC)
    reviewed = datetime(2026, 3, 3, 9, tzinfo=UTC)

    old = _migrate(BEFORE)
    Campaign = old.get_model("obligations", "Campaign")
    OldTry = old.get_model("obligations", "CampaignTry")
    OldTask = old.get_model("courses", "PracticeTaskSubmission")
    course_task = OldTask.objects.create(
        enrollment_id=enrollment.pk, evidence="Kursusopgaven.", submitted_at=submitted
    )
    campaign = Campaign.objects.create(
        municipality_id=department.municipality_id,
        name="Nyt omsorgssystem",
        purpose="P",
        practice_task="T",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    approved = OldTry.objects.create(
        campaign=campaign,
        employee_id=person.pk,
        evidence="Dokumenterede et besøg.",
        submitted_at=submitted,
        status="approved",
        reviewed_by_id=reviewer.pk,
        reviewed_at=reviewed,
        review_note="Fint.",
    )
    returned = OldTry.objects.create(
        campaign=campaign,
        employee_id=person.pk,
        evidence="Kort.",
        submitted_at=submitted,
        status="returned",
        reviewed_by_id=reviewer.pk,
        reviewed_at=reviewed,
        review_note="Beskriv besøget.",
    )

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    task = PracticeTaskSubmission.objects.get(pk=course_task.pk)
    assert (task.employee_id, task.enrollment_id) == (person.pk, enrollment.pk)
    moved = {t.pk: t for t in CampaignTry.objects.select_related("submission")}
    assert set(moved) == {approved.pk, returned.pk}
    first, second = moved[approved.pk].submission, moved[returned.pk].submission
    assert (first.employee_id, first.enrollment_id) == (person.pk, None)
    assert first.task_title == "Nyt omsorgssystem"
    assert first.evidence == "Dokumenterede et besøg."
    assert (first.status, first.review_note) == ("approved", "Fint.")
    assert (first.reviewed_by_id, first.reviewed_at) == (reviewer.pk, reviewed)
    assert (first.submitted_at, first.submitted_by_id) == (submitted, person.user_id)
    assert (second.status, second.review_note) == ("returned", "Beskriv besøget.")
    assert moved[approved.pk].campaign_id == campaign.pk
