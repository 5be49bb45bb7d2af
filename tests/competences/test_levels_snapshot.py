"""The day's stored overall levels (competences.levels.snapshot) give the
rule's answers: on random data sets for many periods, and after every kind of
write that changes a person's overall level."""

import random
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from competences import services
from competences.levels import snapshot
from competences.models import (
    OverallSnapshot,
    OverallSnapshotCell,
    OverallSnapshotDepartment,
    OverallSnapshotForgotten,
    OverallSnapshotGroup,
    OverallSnapshotRow,
    OverallSnapshotTotal,
    OverallSnapshotTotalCell,
    RoleCompetence,
)
from courses.models import Enrollment
from employees import services as organisation
from employees.imports import employee_import_run
from employees.models import Employee, JobRole
from reports.figures import (
    department_figures,
    department_report,
    employees_moved_up,
)
from reports.figures.period import period_for
from reports.models import SnapshotActivity
from tests import factories
from tests.competences.test_levels_current import _every_figure, random_organisation
from tests.employees.imports_files import csv_bytes
from tests.factories import competence

pytestmark = pytest.mark.django_db
NO_DRIFT = {"people": 0, "groups": 0, "cells": 0}


def refresh(date_from=None, date_to=None):
    period = period_for(date_from, date_to)
    return snapshot.refresh(period.end, period.start), period


def without_snapshot(monkeypatch, answer):
    """``answer()`` computed by the rule alone, as before any refresh."""
    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "matching", lambda end, start: None)
        return answer()


def random_activity(rng: random.Random) -> None:
    """Enrollments in every status, some completed and some with several
    practice task submissions, spread over the last two years."""
    now = timezone.now()
    for person in Employee.objects.all():
        for _ in range(rng.randint(0, 3)):
            status = rng.choice(list(Enrollment.Status.values))
            when = now - timedelta(days=rng.randint(0, 700))
            enrollment = factories.EnrollmentFactory(
                employee=person,
                status=status,
                completed_at=when if status == Enrollment.Status.COMPLETED else None,
            )
            # Returned ones first: one open (submitted or approved) at most.
            for status in ["returned"] * rng.randint(0, 2) + [
                rng.choice(["submitted", "approved", "returned"])
            ]:
                factories.PracticeTaskSubmissionFactory(
                    enrollment=enrollment,
                    status=status,
                    reviewed_at=now - timedelta(days=rng.randint(0, 700)),
                )


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_from_the_snapshot_agree_with_the_rule_for_many_periods(
    seed, municipality, hr, monkeypatch, settings
):
    settings.COMPETENCE_VALIDITY_DAYS = 400
    rng = random.Random(seed)
    random_organisation(rng, municipality)
    random_activity(rng)
    today = timezone.localdate()
    for back, ahead in [(365, 0), (1, 0), (200, 0), (500, 90), (30, 420)]:
        dates = (today - timedelta(days=back), today + timedelta(days=ahead))
        stored, _period = refresh(*dates)
        assert stored.rows.count() == 25  # everyone, active or not
        assert stored.departments.count() == 6 and stored.groups.exists()
        figures = _every_figure(hr, [dates]), _per_role(hr, dates)
        expected = without_snapshot(
            monkeypatch,
            lambda dates=dates: (_every_figure(hr, [dates]), _per_role(hr, dates)),
        )
        assert figures == expected
    # Not vacuous: the figures of the default period are read from what is
    # kept, over all roles from the totals, for one role from its rows.
    dates = (today - timedelta(days=365), today)
    refresh(*dates)
    assert OverallSnapshotCell.objects.exists()
    OverallSnapshotRow.objects.update(overall=8, overall_before=0)
    OverallSnapshotTotal.objects.update(overall=8, overall_before=0)
    OverallSnapshotTotalCell.objects.update(level_sum=0)
    SnapshotActivity.objects.update(live=1000)
    (rows, matrix, moved, _figures), *_ = _every_figure(hr, [dates])
    assert rows[0]["mean_level"] == 8 and len(moved) == rows[0]["headcount"]
    assert rows[0]["active_enrollments"] >= 1000
    assert _mean_levels(matrix) == {0}
    OverallSnapshotGroup.objects.update(overall=7, overall_before=0)
    OverallSnapshotCell.objects.update(level_sum=0)
    held = JobRole.objects.filter(
        employees__is_active=True, profile__isnull=False
    ).distinct()
    assert held
    for role in held:
        rows, matrix = department_report(user=hr, role=role.pk)
        assert rows[0]["mean_level"] == 7
        assert _mean_levels(matrix) == {0}


def _per_role(user, dates) -> list:
    """The report's figures for each role in turn (read from the stored rows
    per role, not the totals)."""
    start, end = dates
    return [
        department_report(user=user, date_from=start, date_to=end, role=role.pk)
        for role in JobRole.objects.order_by("pk")
    ]


def _mean_levels(matrix) -> set:
    return {
        cell["mean_level"]
        for row in matrix["rows"]
        for cell in row["cells"].values()
        if cell["employees"]
    }


@pytest.fixture
def stored(municipality, department, hr, employee, manager):
    """A role with a profile, the employee in it with levels, and the day's
    snapshot built."""
    role = factories.JobRoleFactory(municipality=municipality, name="Sygeplejerske")
    for code, target in (("1.1", 3), ("2.1", 4)):
        factories.RoleCompetenceFactory(
            role=role, competence=competence(code), target_level=target
        )
    organisation.employee_update(employee=employee, job_role=role)
    for code, level in (("1.1", 3), ("2.1", 2)):
        services.assessment_record(
            employee=employee,
            competence=competence(code),
            level=level,
            source="manager",
            assessed_by=manager,
            assessed_at=timezone.now() - timedelta(days=400),
        )
    other = factories.EmployeeFactory(department=department)
    refresh()
    assert set(OverallSnapshotRow.objects.values_list("employee", flat=True)) >= {
        employee.pk,
        other.pk,
    }
    return role


def kept_departments() -> set:
    """The departments whose stored totals the figures read."""
    stored = set(OverallSnapshotDepartment.objects.values_list("department", flat=True))
    return stored - set(
        OverallSnapshotForgotten.objects.values_list("department_id", flat=True)
    )


def forgotten_people() -> set:
    return set(OverallSnapshotForgotten.objects.values_list("employee_id", flat=True))


def check_written(monkeypatch, hr, employee, *, person=True):
    """The writer forgot the person's department (and, for their levels or
    place, the person) and the figures are the rule's."""
    period = period_for()
    employee.refresh_from_db()
    assert (employee.pk in forgotten_people()) == person
    kept = kept_departments()
    assert employee.department_id not in kept
    assert kept  # only theirs
    assert snapshot.drift(period.end, period.start) == NO_DRIFT
    assert department_figures(user=hr) == without_snapshot(
        monkeypatch, lambda: department_figures(user=hr)
    )
    assert department_report(user=hr) == without_snapshot(
        monkeypatch, lambda: department_report(user=hr)
    )
    assert sorted(employees_moved_up(user=hr)) == without_snapshot(
        monkeypatch, lambda: sorted(employees_moved_up(user=hr))
    )


def test_an_assessment_forgets_the_persons_row(
    stored, employee, manager, hr, monkeypatch
):
    before = department_figures(user=hr)[0]["mean_level"]
    services.assessment_record(
        employee=employee,
        competence=competence("2.1"),
        level=6,
        source="manager",
        assessed_by=manager,
    )
    check_written(monkeypatch, hr, employee)
    assert department_figures(user=hr)[0]["mean_level"] > before


def test_enrollment_writes_forget_the_persons_department_only(
    stored, employee, partner, hr, manager, monkeypatch
):
    from courses import services as workflow

    course = factories.CourseFactory(provider=partner, status="published")
    session = factories.CourseSessionFactory(course=course)
    workflow.enrollment_request(
        employee=employee, session=session, requested_by=employee.user
    )
    check_written(monkeypatch, hr, employee, person=False)
    refresh()
    before = department_figures(user=hr)[0]["active_enrollments"]
    Enrollment.objects.filter(employee=employee).delete()  # no event says so
    check_written(monkeypatch, hr, employee, person=False)
    assert department_figures(user=hr)[0]["active_enrollments"] == before - 1


def test_a_course_completion_forgets_the_persons_row(
    stored, employee, partner, hr, monkeypatch
):
    from courses import services as workflow
    from courses.models import Enrollment

    course = factories.CourseFactory(provider=partner, status="published")
    factories.CourseOutcomeFactory(
        course=course, competence=competence("2.1"), from_level=1, to_level=5
    )
    enrollment = factories.EnrollmentFactory(
        employee=employee,
        session=factories.CourseSessionFactory(course=course),
        status=Enrollment.Status.ATTENDED,
    )
    workflow.enrollment_complete(enrollment=enrollment, completed_by=hr)
    check_written(monkeypatch, hr, employee)


def test_a_new_role_forgets_the_persons_row(
    stored, employee, municipality, hr, monkeypatch
):
    organisation.employee_update(
        employee=employee, job_role=factories.JobRoleFactory(municipality=municipality)
    )
    check_written(monkeypatch, hr, employee)


def test_a_profile_change_forgets_every_holders_row(stored, employee, hr, monkeypatch):
    services.role_profile_set(role=stored, profile=[(competence("1.1"), 2)])
    check_written(monkeypatch, hr, employee)


def test_a_first_profile_for_a_role_forgets_its_holders(
    stored, employee, municipality, hr, monkeypatch
):
    empty = factories.JobRoleFactory(municipality=municipality)
    organisation.employee_update(employee=employee, job_role=empty)
    refresh()
    # No old rows to delete (and so no signals): the service forgets itself.
    services.role_profile_set(role=empty, profile=[(competence("1.1"), 2)])
    check_written(monkeypatch, hr, employee)


def test_a_profile_row_saved_or_deleted_past_the_services_forgets_too(
    stored, employee, hr, monkeypatch
):
    row = RoleCompetence.objects.get(role=stored, competence=competence("2.1"))
    row.target_level = 1  # the admin's inline saves the row itself
    row.save()
    check_written(monkeypatch, hr, employee)
    refresh()
    row.delete()
    check_written(monkeypatch, hr, employee)


def test_a_deleted_role_forgets_its_holders(stored, employee, hr, monkeypatch):
    stored.delete()  # the holders' role is set empty, no event says so
    check_written(monkeypatch, hr, employee)


def test_the_hr_import_forgets_the_people_whose_role_it_changed(
    stored, employee, municipality, department, hr, monkeypatch
):
    factories.JobRoleFactory(municipality=municipality, name="Sosu-hjælper")
    employee.employee_number = "1001"
    employee.save()
    row = [
        "1001",
        employee.name,
        employee.work_email,
        department.code,
        "Sosu-hjælper",
        "nej",
        employee.employment_start.isoformat(),
        "",
    ]
    report = employee_import_run(
        data=csv_bytes([row]),
        filename="hr.csv",
        municipality=municipality,
        user=hr,
        dry_run=False,
        full=False,
    )
    assert report.applied and report.counts["employees"]["update"] == 1, report.counts
    check_written(monkeypatch, hr, employee)


def test_a_move_forgets_both_departments(
    stored, employee, department, other_department, hr, monkeypatch
):
    organisation.employee_update(employee=employee, department=other_department)
    check_written(monkeypatch, hr, employee)
    assert department.pk not in kept_departments()


def test_a_second_move_forgets_the_department_between(
    stored, employee, department, other_department, municipality, hr, monkeypatch
):
    third = factories.DepartmentFactory(parent=municipality)
    organisation.employee_update(employee=employee, department=other_department)
    refresh()  # other_department's totals now count the person
    organisation.employee_update(employee=employee, department=third)
    organisation.employee_update(employee=employee, department=department)
    kept = kept_departments()
    assert other_department.pk not in kept and third.pk not in kept
    check_written(monkeypatch, hr, employee)


def test_a_new_person_forgets_their_department(stored, department, hr, monkeypatch):
    newcomer = organisation.employee_create(
        employee_number="N-1",
        name="Ny Medarbejder",
        work_email="ny@example.dk",
        department=department,
        job_role=stored,
        employment_start=timezone.localdate(),
    )
    check_written(monkeypatch, hr, newcomer)


def test_a_deactivated_or_deleted_person_forgets_their_department(
    stored, employee, hr, monkeypatch
):
    organisation.employee_update(employee=employee, is_active=False)
    check_written(monkeypatch, hr, employee)
    refresh()
    other = factories.EmployeeFactory(department=employee.department)
    refresh()
    other.delete()
    assert employee.department_id not in kept_departments()
    assert department_figures(user=hr) == without_snapshot(
        monkeypatch, lambda: department_figures(user=hr)
    )


def test_a_rebuild_of_the_current_levels_drops_the_snapshot(stored):
    call_command("rebuild_current_levels", stdout=StringIO())
    assert not OverallSnapshot.objects.exists()


def test_the_command_stores_verifies_and_reports_drift(stored, employee):
    out = StringIO()
    with translation.override("en"):
        call_command("refresh_figures", stdout=out)
        call_command("refresh_figures", "--verify", stdout=out)
        clean = (
            "0 stored row(s), 0 department total(s) and 0 competence total(s) "
            "differ from the level rule."
        )
        assert clean in out.getvalue()
        OverallSnapshotRow.objects.filter(employee=employee).update(overall=7)
        OverallSnapshotGroup.objects.filter(
            department_id=employee.department_id, job_role_id=employee.job_role_id
        ).update(employees=99)
        OverallSnapshotCell.objects.filter(department_id=employee.department_id).update(
            level_sum=99
        )
        # And the totals over all roles: the department's two (the employee's
        # and the manager's pair of levels) and its two profile competences'.
        totals = OverallSnapshotTotal.objects.filter(
            department_id=employee.department_id
        )
        assert totals.update(met=99) == 2
        total_cells = OverallSnapshotTotalCell.objects.filter(
            department_id=employee.department_id
        )
        assert total_cells.update(employees=99) == 2
        with pytest.raises(SystemExit):
            call_command("refresh_figures", "--verify", stdout=out)
    # Each wrong total counts once as missing and once as extra.
    assert (
        "1 stored row(s), 6 department total(s) and 8 competence total(s)"
        in out.getvalue()
    )
    assert OverallSnapshot.objects.count() == 1


def test_a_snapshot_of_another_layout_is_not_read(stored, hr, monkeypatch):
    """One built before a stored table existed would answer without it."""
    period = period_for()
    expected = without_snapshot(monkeypatch, lambda: department_report(user=hr))
    OverallSnapshotTotal.objects.all().delete()  # as if built before them
    OverallSnapshot.objects.update(layout=snapshot.LAYOUT - 1)
    assert snapshot.matching(period.end, period.start) is None
    assert department_report(user=hr) == expected


def test_another_validity_window_is_not_read_from_the_rows(stored, settings):
    period = period_for()
    assert snapshot.matching(period.end, period.start) is not None
    settings.COMPETENCE_VALIDITY_DAYS = 30
    assert snapshot.matching(period.end, period.start) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_refresh_waits_for_a_writer_and_sees_its_change(digcomp, department):
    """The writer holds its transaction open after recording; a refresh
    started then must not store the person's old level."""
    employee = factories.EmployeeFactory(department=department)
    refresh()
    recorded, finished = threading.Event(), threading.Event()
    release = threading.Event()

    def writer():
        try:
            with transaction.atomic():
                services.assessment_record(
                    employee=employee,
                    competence=competence("1.1"),
                    level=6,
                    source="manager",
                )
                recorded.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def refresher():
        try:
            refresh()
            finished.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=writer)]
    threads[0].start()
    assert recorded.wait(timeout=30)
    threads.append(threading.Thread(target=refresher))
    threads[1].start()
    # The refresh waits on the writer's lock, however long it holds it.
    assert not finished.wait(timeout=1.5)
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert finished.is_set()
    period = period_for()
    assert snapshot.drift(period.end, period.start) == NO_DRIFT
    row = OverallSnapshotRow.objects.get(employee=employee)
    assert row.overall == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_writer_during_a_refresh_forgets_the_row_it_stores(
    digcomp, department, monkeypatch
):
    """The refresh has begun (old rows deleted, the new ones about to be
    counted) when a writer records: the refresh stores the old level, so the
    writer must wait and forget the new row, not slip past it."""
    employee = factories.EmployeeFactory(department=department)
    refresh()
    counting, go = threading.Event(), threading.Event()
    wrote = threading.Event()
    plain_execute = snapshot.execute

    def paused_execute(query):
        if query.text.startswith(f"INSERT INTO {snapshot.ROW}"):
            counting.set()
            go.wait(timeout=30)
        return plain_execute(query)

    monkeypatch.setattr(snapshot, "execute", paused_execute)

    def refresher():
        try:
            refresh()
        finally:
            connection.close()

    def writer():
        try:
            services.assessment_record(
                employee=employee,
                competence=competence("1.1"),
                level=6,
                source="manager",
            )
            wrote.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=refresher), threading.Thread(target=writer)]
    threads[0].start()
    assert counting.wait(timeout=30)
    threads[1].start()
    assert not wrote.wait(timeout=1.5)  # it waits for the refresh
    go.set()
    for thread in threads:
        thread.join(timeout=60)
    assert wrote.is_set()
    period = period_for()
    assert snapshot.drift(period.end, period.start) == NO_DRIFT
    assert employee.pk in forgotten_people()


def test_a_session_cancelled_with_nobody_on_it_forgets_nothing(stored, partner, hr):
    from courses import services as workflow

    session = factories.CourseSessionFactory(
        course=factories.CourseFactory(provider=partner, status="published")
    )
    kept = kept_departments()
    workflow.session_cancel(session=session, cancelled_by=hr)
    assert kept_departments() == kept and not forgotten_people()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_employee_edit_during_a_refresh_waits_and_neither_fails(
    digcomp, department, municipality, monkeypatch
):
    """The edit locks the person's row, then waits for the refresh's lock;
    the refresh, storing rows about that person, must still commit."""
    employee = factories.EmployeeFactory(department=department)
    role = factories.JobRoleFactory(municipality=municipality)
    refresh()
    counting, go = threading.Event(), threading.Event()
    errors = []
    plain_execute = snapshot.execute

    def paused_execute(query):
        result = plain_execute(query)
        if query.text.startswith(f"INSERT INTO {snapshot.KEPT}"):
            counting.set()  # every row stored, the commit still to come
            go.wait(timeout=30)
        return result

    monkeypatch.setattr(snapshot, "execute", paused_execute)

    def run(work):
        try:
            work()
        except Exception as error:  # a deadlock would end up here
            errors.append(error)
        finally:
            connection.close()

    refresher = threading.Thread(target=run, args=(refresh,))
    refresher.start()
    assert counting.wait(timeout=30)
    editor = threading.Thread(
        target=run,
        args=(lambda: organisation.employee_update(employee=employee, job_role=role),),
    )
    editor.start()
    editor.join(timeout=1.5)
    go.set()
    for thread in (refresher, editor):
        thread.join(timeout=60)
    assert errors == []
    employee.refresh_from_db()
    assert employee.job_role == role
    assert employee.pk in forgotten_people()
