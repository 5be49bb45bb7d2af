"""The daily command emits requirement_due / requirement_overdue once."""

from io import StringIO

from django.core.management import call_command
from django.utils import translation

from notifications.models import Notification


def run(day):
    out = StringIO()
    with translation.override("en"):
        call_command("notify_requirements", "--date", day, stdout=out)
    return out.getvalue()


def test_each_person_and_due_date_is_told_once(tree, events):
    # 2026-02-15: security is due 2026-03-01 for P4, M1, N1 (14 days);
    # Omsorgssystemet is due for N1 (2026-03-02) and overdue for N3.
    assert "4 due and 1 overdue" in run("2026-02-15")
    due = {
        (p["requirement"].name, p["employee"].name[:2])
        for p in events.of("requirement_due")
    }
    assert due == {
        ("Informationssikkerhed", "P4"),
        ("Informationssikkerhed", "M1"),
        ("Informationssikkerhed", "N1"),
        ("Omsorgssystemet", "N1"),
    }
    assert "0 due and 0 overdue" in run("2026-02-16")
    # Once past the date, the same people are overdue: a new notice each.
    assert "0 due and 4 overdue" in run("2026-03-03")


def test_notifications_pick_it_up(tree, employee_user):
    tree.people["p4"].user = employee_user
    tree.people["p4"].save()
    run("2026-02-15")
    assert (
        Notification.objects.filter(
            recipient=employee_user, kind="requirement_due"
        ).count()
        == 1
    )


def test_todo_counts_own_requirements(db, hr, forvaltning, department, employee):
    from datetime import timedelta

    from django.utils import timezone

    from obligations import services
    from tests import factories
    from tests.api.conftest import session_client

    course = factories.CourseFactory()
    today = timezone.localdate()
    for name, due in (
        ("Snart", today + timedelta(days=10)),
        ("Forsinket", today - timedelta(days=1)),
    ):
        services.requirement_create(
            actor=hr,
            name=name,
            kind="course",
            courses=[course],
            departments=[forvaltning],
            due_on=due,
            effective_from=today - timedelta(days=400),
        )
    body = session_client(employee.user).get("/api/v1/todo/").json()
    assert body["requirements_due"] == 1
    assert body["requirements_overdue"] == 1
