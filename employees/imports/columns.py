"""The documented column layout of an HR import, with Danish and English headers.

A file holds up to three kinds of sheet. An ``.xlsx`` workbook may carry all
three (recognised by sheet name, else by headers); a ``.csv`` file is one
sheet, recognised by its headers.

Employees (sheet "Medarbejdere" / "Employees"), one row per employee:

    Medarbejdernummer | Employee number   required, the key (unique per municipality)
    Navn              | Name              required
    E-mail            | Work email        optional, must be a valid address
    Afdelingskode     | Department code   required, an existing or imported department
    Stilling          | Job role          optional, created when new
    Leder             | Manager           optional: ja/nej, yes/no, x, 1/0
    Ansat fra         | Employment start  optional date (2024-03-01, 01-03-2024)
    Ansat til         | Employment end    optional date, not in the future

Departments (sheet "Afdelinger" / "Departments"):

    Afdelingskode     | Department code   required, the key within the municipality
    Afdelingsnavn     | Department name   required
    Overordnet kode   | Parent code       optional; empty: under the municipality

Job roles (sheet "Stillinger" / "Job roles"):

    Stilling          | Job role          required, the key within the municipality
    Beskrivelse       | Description       optional
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...]
    required: bool = False


def normalise_header(value) -> str:
    """Case, spacing and punctuation differ between HR systems; meaning does not."""
    text = "" if value is None else str(value)
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s_\-.:/]+", " ", text).strip()


EMPLOYEE_COLUMNS = (
    Column(
        "employee_number",
        "Medarbejdernummer",
        (
            "medarbejdernummer",
            "medarbejdernr",
            "medarbejder nr",
            "employee number",
            "employee no",
            "employee_number",
        ),
        required=True,
    ),
    Column("name", "Navn", ("navn", "name", "fulde navn", "full name"), required=True),
    Column(
        "work_email",
        "E-mail",
        ("e mail", "email", "arbejdsmail", "work email", "work_email", "mail"),
    ),
    Column(
        "department_code",
        "Afdelingskode",
        ("afdelingskode", "afdeling", "department code", "department"),
        required=True,
    ),
    Column(
        "job_role", "Stilling", ("stilling", "job role", "role", "stillingsbetegnelse")
    ),
    Column("is_manager", "Leder", ("leder", "manager", "is manager")),
    Column(
        "employment_start",
        "Ansat fra",
        ("ansat fra", "ansættelsesdato", "employment start", "start date"),
    ),
    Column(
        "employment_end",
        "Ansat til",
        ("ansat til", "fratrædelsesdato", "employment end", "end date"),
    ),
)

DEPARTMENT_COLUMNS = (
    Column(
        "code",
        "Afdelingskode",
        ("afdelingskode", "kode", "code", "department code"),
        required=True,
    ),
    Column(
        "name",
        "Afdelingsnavn",
        ("afdelingsnavn", "navn", "name", "department name"),
        required=True,
    ),
    Column(
        "parent_code",
        "Overordnet kode",
        (
            "overordnet kode",
            "overordnet afdeling",
            "overordnet",
            "parent code",
            "parent",
        ),
    ),
)

ROLE_COLUMNS = (
    Column("name", "Stilling", ("stilling", "job role", "role", "name"), required=True),
    Column("description", "Beskrivelse", ("beskrivelse", "description")),
)

EMPLOYEES, DEPARTMENTS, ROLES = "employees", "departments", "roles"
LAYOUTS = {
    EMPLOYEES: EMPLOYEE_COLUMNS,
    DEPARTMENTS: DEPARTMENT_COLUMNS,
    ROLES: ROLE_COLUMNS,
}
SHEET_NAMES = {
    "medarbejdere": EMPLOYEES,
    "employees": EMPLOYEES,
    "afdelinger": DEPARTMENTS,
    "departments": DEPARTMENTS,
    "stillinger": ROLES,
    "job roles": ROLES,
    "roles": ROLES,
}
KIND_LABELS = {
    EMPLOYEES: _("employees"),
    DEPARTMENTS: _("departments"),
    ROLES: _("job roles"),
}


def kind_from_headers(headers: list[str]) -> str | None:
    """Which layout a header line matches best, when the sheet name does not say.

    The best match wins rather than the key column alone, so a sheet of
    employees that lacks its key column is still judged as employees and told
    what is missing.
    """
    present = set(headers)
    scores = {
        kind: len(present & {a for column in columns for a in column.aliases})
        for kind, columns in LAYOUTS.items()
    }
    best = max(scores.values())
    if best == 0:
        return None
    return next(
        kind for kind in (EMPLOYEES, DEPARTMENTS, ROLES) if scores[kind] == best
    )


def expected_headers(kind: str) -> str:
    return ", ".join(column.label for column in LAYOUTS[kind])
