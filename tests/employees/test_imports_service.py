from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from employees.imports import employee_import_run
from employees.models import Department, Employee, JobRole
from tests import factories
from tests.employees.imports_files import (
    HEADER_DA,
    csv_bytes,
    english,  # noqa: F401 (autouse)
    xlsx_bytes,
)


def run(data, user, municipality, *, filename="hr.csv", dry_run=False, full=False):
    return employee_import_run(
        data=data,
        filename=filename,
        municipality=municipality,
        user=user,
        dry_run=dry_run,
        full=full,
    )


ROWS = [
    [
        "1001",
        "Anna Hansen",
        "anna@kommune.dk",
        "HJN",
        "Sygeplejerske",
        "nej",
        "2020-01-01",
        "",
    ],
    [
        "1002",
        "Bo Æbelø",
        "bo@kommune.dk",
        "HJN",
        "Social- og sundhedshjælper",
        "ja",
        "01-02-2021",
        "",
    ],
]


def test_a_dry_run_writes_nothing_and_the_real_run_reports_the_same(
    hr, municipality, department
):
    data = csv_bytes(ROWS)
    dry = run(data, hr, municipality, dry_run=True)
    assert dry.ok and not dry.applied
    assert dry.counts["employees"]["create"] == 2
    assert Employee.objects.count() == 0
    real = run(data, hr, municipality)
    assert real.applied
    assert real.counts == dry.counts
    assert real.rows == dry.rows
    bo = Employee.objects.get(employee_number="1002")
    assert bo.name == "Bo Æbelø" and bo.is_manager and bo.department == department
    assert bo.municipality == municipality
    assert bo.job_role.name == "Social- og sundhedshjælper"
    assert bo.employment_start.isoformat() == "2021-02-01"


def test_it_reads_windows_1252_with_commas(hr, municipality, department):
    data = csv_bytes(ROWS, delimiter=",", encoding="cp1252")
    report = run(data, hr, municipality)
    assert report.ok, report.as_dict()
    assert Employee.objects.get(employee_number="1002").name == "Bo Æbelø"


def test_it_reads_english_headers_from_xlsx(hr, municipality, department):
    header = ["Employee number", "Name", "Work email", "Department code"]
    data = xlsx_bytes({"Sheet1": [header, [1001, "Anna Hansen", "a@k.dk", "HJN"]]})
    report = run(data, hr, municipality, filename="hr.xlsx")
    assert report.ok, report.as_dict()
    assert Employee.objects.get(employee_number="1001").work_email == "a@k.dk"


def test_it_reports_update_move_and_deactivate(
    hr, municipality, department, other_department
):
    factories.EmployeeFactory(
        employee_number="1001", name="Anna H", department=department
    )
    factories.EmployeeFactory(
        employee_number="1002", name="Bo Æbelø", department=department
    )
    factories.EmployeeFactory(employee_number="1003", department=department)
    rows = [
        ["1001", "Anna Hansen", "", "HJN", "", "", "", ""],
        ["1002", "Bo Æbelø", "", other_department.code, "", "", "", ""],
    ]
    report = run(csv_bytes(rows), hr, municipality, dry_run=True, full=True)
    actions = {r["employee_number"]: r["action"] for r in report.rows}
    assert actions == {"1001": "update", "1002": "move", "1003": "deactivate"}
    assert report.counts["employees"] == {
        "create": 0,
        "update": 1,
        "move": 1,
        "unchanged": 0,
        "deactivate": 1,
    }
    run(csv_bytes(rows), hr, municipality, full=True)
    assert not Employee.objects.get(employee_number="1003").is_active
    assert Employee.objects.get(employee_number="1002").department == other_department
    assert Employee.objects.get(employee_number="1001").name == "Anna Hansen"


def test_a_second_identical_run_changes_nothing(hr, municipality, department):
    run(csv_bytes(ROWS), hr, municipality)
    report = run(csv_bytes(ROWS), hr, municipality, dry_run=True)
    assert report.counts["employees"]["unchanged"] == 2


def test_it_imports_departments_and_roles_from_a_workbook(
    hr, municipality, forvaltning
):
    data = xlsx_bytes(
        {
            "Afdelinger": [
                ["Afdelingskode", "Afdelingsnavn", "Overordnet kode"],
                ["TEAM1", "Team 1", "NEW"],
                ["NEW", "Ny afdeling", forvaltning.code],
            ],
            "Stillinger": [["Stilling", "Beskrivelse"], ["Pædagog", "Dagtilbud"]],
            "Medarbejdere": [HEADER_DA[:4], ["2001", "Carl", "", "TEAM1"]],
        }
    )
    report = run(data, hr, municipality, filename="hr.xlsx")
    assert report.ok, report.as_dict()
    team = Department.objects.get(code="TEAM1")
    assert team.parent.code == "NEW" and team.parent.parent == forvaltning
    assert team.path.startswith(forvaltning.path)
    assert Employee.objects.get(employee_number="2001").department == team
    assert (
        JobRole.objects.get(municipality=municipality, name="Pædagog").description
        == "Dagtilbud"
    )


def test_the_import_is_audited_with_the_actor(hr, municipality, department):
    run(csv_bytes(ROWS), hr, municipality)
    anna = Employee.objects.get(employee_number="1001")
    entry = LogEntry.objects.get(object_id=anna.pk, content_type__model="employee")
    assert entry.actor == hr
    assert entry.changes["name"] == ["", "Anna Hansen"]
    assert entry.changes["work_email"][1] != "anna@kommune.dk"  # masked


def test_imported_rows_read_back_as_the_services_would_write_them(
    hr, municipality, department
):
    # The import writes employees and audit entries with plain inserts; every
    # column must come back with its type, as through the ORM.
    before = timezone.now()
    run(csv_bytes(ROWS), hr, municipality)
    bo = Employee.objects.get(employee_number="1002")
    assert (bo.name, bo.work_email, bo.department) == (
        "Bo Æbelø",
        "bo@kommune.dk",
        department,
    )
    assert bo.is_manager is True and bo.is_active is True
    assert bo.employment_start == date(2021, 2, 1) and bo.employment_end is None
    assert bo.job_role.name == "Social- og sundhedshjælper"
    assert bo.user is None and bo.anonymised_at is None
    assert before <= bo.created_at == bo.updated_at <= timezone.now()
    entry = LogEntry.objects.get(object_id=bo.pk, content_type__model="employee")
    assert entry.action == LogEntry.Action.CREATE and entry.object_repr == "1002"
    assert before <= entry.timestamp <= timezone.now()
    assert entry.additional_data == {
        "employee": bo.pk,
        "department_path": department.path,
        "source": "import",
    }
    assert entry.changes["is_manager"] == ["", "True"]

    changed = [ROWS[0], [*ROWS[1][:5], "nej", *ROWS[1][6:]]]
    run(csv_bytes(changed), hr, municipality)
    bo.refresh_from_db()
    assert bo.is_manager is False
    update = LogEntry.objects.get(
        object_id=bo.pk, content_type__model="employee", action=LogEntry.Action.UPDATE
    )
    assert update.changes == {"is_manager": ["True", "False"]}


def test_an_invalid_row_writes_nothing(hr, municipality, department):
    rows = ROWS + [["1003", "Dorte", "not-an-email", "HJN", "", "", "", ""]]
    report = run(csv_bytes(rows), hr, municipality)
    assert not report.applied
    assert report.errors == [
        {
            "sheet": "csv",
            "row": 4,
            "column": "E-mail",
            "message": "'not-an-email' is not a valid email address.",
        }
    ]
    assert Employee.objects.count() == 0


@pytest.mark.parametrize(
    "row, column, message",
    [
        (
            ["1001", "Anna", "", "NOPE", "", "", "", ""],
            "Afdelingskode",
            "Unknown department code NOPE.",
        ),
        (
            ["1001", "Anna", "", "HJN", "", "", "", "2999-01-01"],
            "Ansat til",
            "The employment end date 2999-01-01 is in the future.",
        ),
        (
            ["1001", "Anna", "", "HJN", "", "", "2020-13-45", ""],
            "Ansat fra",
            "'2020-13-45' is not a date; write it as YYYY-MM-DD or DD-MM-YYYY.",
        ),
        (
            ["1001", "", "", "HJN", "", "", "", ""],
            "Navn",
            "Navn is required.",
        ),
        (
            ["1001", "Anna", "", "HJN", "", "måske", "", ""],
            "Leder",
            "'måske' is not yes or no.",
        ),
        (
            ["1001", "Anna", "", "HJN", "", "", "2022-01-01", "2021-01-01"],
            "Ansat til",
            "The employment end date is before the start date.",
        ),
    ],
)
def test_it_rejects_bad_cells_with_row_column_and_reason(
    hr, municipality, department, row, column, message
):
    report = run(csv_bytes([row]), hr, municipality)
    assert report.errors == [
        {"sheet": "csv", "row": 2, "column": column, "message": message}
    ]
    assert Employee.objects.count() == 0


@pytest.mark.parametrize(
    "header, row, stored",
    [
        (["Ansat til"], ["2019-01-01"], {"employment_start": date(2020, 1, 1)}),
        (
            ["Ansat fra"],
            ["2021-01-01"],
            {"employment_start": date(2019, 1, 1), "employment_end": date(2020, 1, 1)},
        ),
    ],
    ids=["end before the stored start", "start after the stored end"],
)
def test_dates_are_checked_against_the_stored_one_when_its_column_is_left_out(
    hr, municipality, department, header, row, stored
):
    factories.EmployeeFactory(employee_number="1001", department=department, **stored)
    data = csv_bytes(
        [["1001", "Anna", "HJN", *row]],
        header=["Medarbejdernummer", "Navn", "Afdelingskode", *header],
    )
    expected = [
        {
            "sheet": "csv",
            "row": 2,
            "column": header[0],
            "message": "The employment end date is before the start date.",
        }
    ]
    assert run(data, hr, municipality, dry_run=True).errors == expected
    assert run(data, hr, municipality).errors == expected


def test_it_rejects_duplicate_employee_numbers(hr, municipality, department):
    rows = [ROWS[0], ROWS[1], ["1001", "Anna Igen", "", "HJN", "", "", "", ""]]
    report = run(csv_bytes(rows), hr, municipality)
    assert report.errors == [
        {
            "sheet": "csv",
            "row": 4,
            "column": "Medarbejdernummer",
            "message": "Employee number 1001 appears more than once (also in row 2).",
        }
    ]


def test_it_rejects_duplicate_department_codes_in_the_dry_run_too(
    hr, municipality, forvaltning
):
    header = ["Afdelingskode", "Afdelingsnavn", "Overordnet kode"]
    data = xlsx_bytes(
        {
            "Afdelinger": [
                header,
                ["NEW", "Ny afdeling", "SUN"],
                ["NEW", "Ny afdeling igen", "SUN"],
            ]
        }
    )
    expected = [
        {
            "sheet": "Afdelinger",
            "row": 3,
            "column": "Afdelingskode",
            "message": "Department code NEW appears more than once (also in row 2).",
        }
    ]
    assert run(data, hr, municipality, filename="hr.xlsx", dry_run=True).errors == (
        expected
    )
    assert run(data, hr, municipality, filename="hr.xlsx").errors == expected
    assert not Department.objects.filter(code="NEW").exists()


def test_it_rejects_departments_outside_the_hr_users_area(
    municipality, department, other_department, other_municipality
):
    narrow_hr = factories.UserFactory()
    factories.AccessGrantFactory(user=narrow_hr, department=department, kind="hr")
    rows = [["1001", "Anna", "", other_department.code, "", "", "", ""]]
    report = run(csv_bytes(rows), narrow_hr, municipality)
    assert report.errors[0]["message"] == (
        f"Department {other_department.code} is outside your area."
    )


def test_an_employee_whose_employment_ended_is_imported_inactive(
    hr, municipality, department
):
    ended = (timezone.localdate() - timedelta(days=3)).isoformat()
    rows = [["1001", "Anna", "", "HJN", "", "", "2020-01-01", ended]]
    assert run(csv_bytes(rows), hr, municipality).ok
    assert not Employee.objects.get(employee_number="1001").is_active


def _queries_for(count, hr, municipality, start):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [
        [str(start + n), f"Person {n}", f"p{start + n}@k.dk", "HJN", "SOSU", "", "", ""]
        for n in range(count)
    ]
    with CaptureQueriesContext(connection) as queries:
        assert run(csv_bytes(rows), hr, municipality).applied
    return len(queries)


def test_writes_are_batched_not_a_query_per_row(hr, municipality, department):
    _queries_for(1, hr, municipality, start=9000)  # the role exists from here on
    few = _queries_for(10, hr, municipality, start=1000)
    many = _queries_for(300, hr, municipality, start=5000)
    # SQLite caps the parameters per statement, so 300 rows take a few more
    # batches; never one more query per row.
    assert many - few < 15


def test_it_renames_but_does_not_move_existing_departments(
    hr, municipality, forvaltning, department, other_department
):
    header = ["Afdelingskode", "Afdelingsnavn", "Overordnet kode"]
    rename = xlsx_bytes(
        {"Afdelinger": [header, ["HJN", "Hjemmeplejen Nordvest", "SUN"]]}
    )
    assert run(rename, hr, municipality, filename="hr.xlsx").ok
    assert Department.objects.get(code="HJN").name == "Hjemmeplejen Nordvest"
    move = xlsx_bytes({"Afdelinger": [header, ["HJN", "Hjemmeplejen", "BOU"]]})
    report = run(move, hr, municipality, filename="hr.xlsx")
    assert report.errors == [
        {
            "sheet": "Afdelinger",
            "row": 2,
            "column": "Overordnet kode",
            "message": "Department HJN is under SUN; the import does not move "
            "departments.",
        }
    ]


def test_it_reads_dates_numbers_and_gaps_from_xlsx(hr, municipality, department):
    from datetime import date, datetime

    header = HEADER_DA
    data = xlsx_bytes(
        {
            "Medarbejdere": [
                header,
                [1001, "Anna", None, "HJN", None, "x", datetime(2020, 3, 1), None],
                [],
                [1002.0, "Bo", "bo@k.dk", "HJN", "SOSU", "nej", date(2019, 1, 2), None],
            ]
        }
    )
    report = run(data, hr, municipality, filename="hr.xlsx")
    assert report.ok, report.as_dict()
    assert [row["row"] for row in report.rows] == [2, 4]
    anna = Employee.objects.get(employee_number="1001")
    assert anna.employment_start == date(2020, 3, 1) and anna.is_manager
    assert Employee.objects.get(employee_number="1002").employment_start == date(
        2019, 1, 2
    )


NUL_MESSAGE = "Contains a NUL character, which cannot be stored; remove it."


def _padded(rows: int) -> list[list[str]]:
    """Enough valid rows that what follows lies past the first 8 KiB."""
    return [
        [str(5000 + n), f"Person {n}", f"p{n}@kommune.dk", "HJN", "", "", "", ""]
        for n in range(rows)
    ]


@pytest.mark.parametrize(
    "index, column",
    [
        (0, "Medarbejdernummer"),
        (1, "Navn"),
        (2, "E-mail"),
        (3, "Afdelingskode"),
        (4, "Stilling"),
    ],
)
def test_a_nul_byte_late_in_a_csv_is_the_same_row_error_in_dry_and_real_runs(
    hr, municipality, department, index, column
):
    row = ["1001", "Anna", "anna@kommune.dk", "HJN", "SOSU", "", "", ""]
    row[index] = row[index][:2] + "\x00" + row[index][2:]
    data = csv_bytes([*_padded(300), row])
    assert data.index(b"\x00") > 8192
    expected = [{"sheet": "csv", "row": 302, "column": column, "message": NUL_MESSAGE}]
    dry = run(data, hr, municipality, dry_run=True)
    assert dry.errors == expected
    real = run(data, hr, municipality)
    assert real.errors == expected
    assert not real.applied
    assert not Employee.objects.exists()


@pytest.mark.postgres
def test_a_nul_byte_never_reaches_postgresql(hr, municipality, department):
    # Each NUL lies past the first 8 KiB, where the binary sniff does not look.
    employees = csv_bytes([*_padded(300), ["1001", "An\x00na", "", "HJN"] + [""] * 4])
    roles = csv_bytes(
        [*([f"Rolle {n}", "x" * 100] for n in range(100)), ["SOSU", "Ple\x00jer"]],
        header=["Stilling", "Beskrivelse"],
    )
    departments = csv_bytes(
        [*([f"P{n}", "x" * 100, "SUN"] for n in range(100)), ["N\x00Y", "Ny", "SUN"]],
        header=["Afdelingskode", "Afdelingsnavn", "Overordnet kode"],
    )
    assert all(data.index(b"\x00") > 8192 for data in (employees, roles, departments))
    reports = [run(data, hr, municipality) for data in (employees, roles, departments)]
    assert [report.errors for report in reports] == [
        [{"sheet": "csv", "row": 302, "column": "Navn", "message": NUL_MESSAGE}],
        [{"sheet": "csv", "row": 102, "column": "Beskrivelse", "message": NUL_MESSAGE}],
        [
            {
                "sheet": "csv",
                "row": 102,
                "column": "Afdelingskode",
                "message": NUL_MESSAGE,
            }
        ],
    ]
    assert not any(report.applied for report in reports)
    assert not Employee.objects.exists()
    assert not JobRole.objects.exists()
    assert not Department.objects.filter(code__startswith="P").exists()


def test_the_import_keeps_since_when_people_are_in_their_department_and_role(
    hr, municipality, department, other_department
):
    """A new person is in their department and role since the employment
    start; a move or a new role dates from the import, the others keep theirs
    (DESIGN §9: "N days after joining the audience")."""
    run(csv_bytes(ROWS), hr, municipality)
    anna = Employee.objects.get(employee_number="1001")
    assert (anna.department_since, anna.job_role_since) == (
        date(2020, 1, 1),
        date(2020, 1, 1),
    )
    rows = [
        ["1001", "Anna Hansen", "", other_department.code, "Sygeplejerske"],
        ["1002", "Bo Æbelø", "", "HJN", "Sygeplejerske"],
    ]
    starts = [["nej", "2020-01-01", ""], ["ja", "2021-02-01", ""]]
    rows = [row + start for row, start in zip(rows, starts, strict=True)]
    run(csv_bytes(rows), hr, municipality)
    today = timezone.localdate()
    anna = Employee.objects.get(employee_number="1001")
    bo = Employee.objects.get(employee_number="1002")
    assert (anna.department_since, anna.job_role_since) == (today, date(2020, 1, 1))
    assert (bo.department_since, bo.job_role_since) == (date(2021, 2, 1), today)
