"""manage.py generate_dataset: a realistic, consistent synthetic data set."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from competences.models import Assessment
from courses.models import LIVE_STATUSES, SEAT_STATUSES, Enrollment
from employees.models import Department, Employee, JobRole
from reports.figures import department_figures


def generate(*args):
    out = StringIO()
    call_command("generate_dataset", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def dataset(db):
    return generate("--municipalities", "3", "--employees", "1500", "--seed", "7")


def test_it_builds_trees_people_and_history(dataset):
    assert "3/3 municipalities" in dataset
    roots = Department.objects.roots().filter(code__startswith="G")
    assert roots.count() == 3
    assert Employee.objects.filter(municipality__in=roots).count() == 1500
    generated = Department.objects.filter(municipality__in=roots)
    assert generated.aggregate(Max("depth"))["depth__max"] == 3
    for department in generated.exclude(parent=None).select_related("parent"):
        assert department.path == department.parent.path + f"{department.pk:08d}."
    assert JobRole.objects.filter(municipality__in=roots).count() == 36
    per_employee = Assessment.objects.count() / 1500
    assert 3 <= per_employee <= 15
    statuses = set(Enrollment.objects.values_list("status", flat=True))
    assert {"completed", "enrolled", "requested"} <= statuses


def test_enrollments_respect_capacity_and_one_live_per_course(dataset):
    seated = (
        Enrollment.objects.filter(status__in=SEAT_STATUSES)
        .values("session", "session__capacity")
        .annotate(n=Count("id"))
    )
    assert seated
    assert all(row["n"] <= row["session__capacity"] for row in seated)
    live = (
        Enrollment.objects.filter(status__in=LIVE_STATUSES)
        .values("employee", "session__course")
        .annotate(n=Count("id"))
    )
    assert live
    assert all(row["n"] == 1 for row in live)


def test_new_rows_get_fresh_ids_after_it(dataset, department):
    assert (
        department.pk
        > Department.objects.exclude(pk=department.pk).aggregate(Max("pk"))["pk__max"]
    )


def test_the_figures_cover_every_active_employee(dataset):
    user = get_user_model().objects.get(username="dataset-national")
    rows = department_figures(user=user)
    roots = [r for r in rows if r["parent"] is None]
    active = Employee.objects.filter(is_active=True, municipality__code__startswith="G")
    assert sum(r["headcount"] for r in roots) == active.count()


def test_it_refuses_to_run_twice(dataset):
    with pytest.raises(CommandError):
        generate("--municipalities", "1", "--employees", "10")
