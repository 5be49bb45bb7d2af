"""manage.py import_employees: the HR system's export from the command line."""

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from employees.models import Employee
from tests.employees.imports_files import (
    csv_bytes,
    damaged_xlsx,
    english,  # noqa: F401 (autouse)
)
from tests.employees.test_imports_service import ROWS


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes(ROWS))
    return path


def test_a_dry_run_writes_nothing(export, municipality, department, capsys):
    call_command("import_employees", str(export), "--municipality", "K001", "--dry-run")
    out = capsys.readouterr().out
    assert "create 2" in out
    assert "Dry run" in out
    assert not Employee.objects.exists()


def test_a_real_run_as_an_hr_user_is_audited_in_their_name(
    export, municipality, department, hr
):
    call_command(
        "import_employees", str(export), "--municipality", "K001", "--user", "hr"
    )
    assert Employee.objects.count() == 2
    entries = LogEntry.objects.filter(object_repr__in=["1001", "1002"])
    assert entries.count() == 2
    assert {entry.actor for entry in entries} == {hr}


def test_a_user_without_hr_over_the_municipality_is_refused(
    export, municipality, department, other_hr
):
    with pytest.raises(CommandError, match="no HR access in municipality K001"):
        call_command(
            "import_employees", str(export), "--municipality", "K001", "--user", "hr2"
        )
    assert not Employee.objects.exists()


def test_an_unknown_user_is_a_clear_error(export, municipality, department):
    with pytest.raises(CommandError, match="No active user nobody"):
        call_command(
            "import_employees",
            str(export),
            "--municipality",
            "K001",
            "--user",
            "nobody",
        )


def test_an_unknown_municipality_and_a_missing_file_are_clear_errors(
    export, municipality
):
    with pytest.raises(CommandError, match="Unknown municipality"):
        call_command("import_employees", str(export), "--municipality", "NOPE")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_employees", "/nonexistent.csv", "--municipality", "K001")


def test_a_damaged_workbook_is_one_error_line_not_a_traceback(
    tmp_path, municipality, department, capsys
):
    path = tmp_path / "hr.xlsx"
    path.write_bytes(damaged_xlsx())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_employees", str(path), "--municipality", "K001")
    assert capsys.readouterr().err == (
        "The file is damaged and cannot be unpacked. Save it again as .xlsx and "
        "upload the new file.\n"
    )
    assert not Employee.objects.exists()


def test_hr_below_the_root_cannot_add_job_roles(
    tmp_path, municipality, forvaltning, department
):
    from employees.models import AccessGrant, JobRole
    from tests import factories

    factories.AccessGrantFactory(
        user__username="local-hr", department=forvaltning, kind=AccessGrant.Kind.HR
    )
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_employees",
            str(path),
            "--municipality",
            "K001",
            "--user",
            "local-hr",
        )
    assert not JobRole.objects.exists()
    assert not Employee.objects.exists()


def test_hr_below_the_root_may_use_existing_roles(
    tmp_path, municipality, forvaltning, department
):
    from employees.models import AccessGrant
    from tests import factories

    factories.AccessGrantFactory(
        user__username="local-hr", department=forvaltning, kind=AccessGrant.Kind.HR
    )
    for name in ("Sygeplejerske", "Social- og sundhedshjælper"):
        factories.JobRoleFactory(municipality=municipality, name=name)
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes(ROWS))
    call_command(
        "import_employees", str(path), "--municipality", "K001", "--user", "local-hr"
    )
    assert Employee.objects.count() == 2
