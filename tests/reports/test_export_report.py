"""manage.py export_report."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests import factories


def export(*args):
    out = StringIO()
    call_command("export_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def staff(department, other_department):
    factories.EmployeeFactory(department=department, name="Inge Lund")
    factories.EmployeeFactory(department=other_department, name="Ole Berg")


def test_it_writes_the_department_progress_report(tmp_path, staff, department):
    target = tmp_path / "progress.xlsx"
    output = export(
        "department-progress",
        "--department",
        "SUN",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--output",
        str(target),
        "--language",
        "en",
    )
    assert "1 employees" in output
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == "Summary"
    codes = [
        row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)
    ]
    assert codes == ["SUN", "HJN"]
    names = [
        row[0] for row in workbook["Employees"].iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["Inge Lund"]


def test_it_writes_course_activity_and_employee_sheets(tmp_path, staff, employee):
    export("course-activity", "--output", str(tmp_path / "a.xlsx"))
    assert load_workbook(tmp_path / "a.xlsx").sheetnames == [
        "Kursusaktivitet",
        "Parametre",
    ]
    export(
        "employee",
        "--employee",
        employee.employee_number,
        "--output",
        str(tmp_path / "e.xlsx"),
        "--language",
        "en",
    )
    sheet = load_workbook(tmp_path / "e.xlsx")["Competences"]
    assert sheet["B1"].value == "Anna Jensen"


def test_a_users_access_applies(tmp_path, staff, manager, other_department):
    with pytest.raises(CommandError):
        export(
            "department-progress",
            "--department",
            other_department.code,
            "--user",
            "manager",
            "--output",
            str(tmp_path / "x.xlsx"),
        )
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--department", "NOPE"],
        ["--from", "2026-02-30"],
        ["--from", "2026-06-01", "--to", "2026-01-01"],
        ["--user", "nobody"],
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path, staff, args):
    target = tmp_path / "r.xlsx"
    with pytest.raises(CommandError):
        export("department-progress", *args, "--output", str(target))
    assert list(tmp_path.iterdir()) == []
