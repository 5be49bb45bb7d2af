"""Whole-file refusals: each gives one clear message and writes nothing."""

import io
import tracemalloc
import zipfile

import pytest

from employees.imports import employee_import_run
from employees.models import Employee
from tests.employees.imports_files import (
    HEADER_DA,
    csv_bytes,
    damaged_xlsx,
    english,  # noqa: F401 (autouse)
    xlsx_bytes,
    xlsx_with_central_entry,
    xlsx_with_sheet_xml,
    xml_header_row,
    xml_row,
)

ROW = ["1001", "Anna Hansen", "anna@kommune.dk", "HJN", "", "", "", ""]


def file_error(data, hr, municipality, filename="hr.csv"):
    report = employee_import_run(
        data=data, filename=filename, municipality=municipality, user=hr, dry_run=False
    )
    assert not report.applied
    assert Employee.objects.count() == 0
    return report.file_error


def test_it_names_missing_and_unknown_headers(hr, municipality, department):
    header = ["Navn", "E-mail", "Afdelingskode", "Fødselsdag"]
    data = csv_bytes([["Anna", "a@k.dk", "HJN", "1.1.1990"]], header=header)
    assert file_error(data, hr, municipality) == (
        "Sheet csv has wrong headers (missing column(s): Medarbejdernummer; unknown "
        "column(s): Fødselsdag). Expected: Medarbejdernummer, Navn, E-mail, "
        "Afdelingskode, Stilling, Leder, Ansat fra, Ansat til."
    )


def test_it_rejects_a_file_with_no_known_headers(hr, municipality, department):
    data = csv_bytes([["1", "2"]], header=["foo", "bar"])
    assert file_error(data, hr, municipality).startswith(
        "Sheet csv has no recognised headers."
    )


def test_it_rejects_a_file_that_is_not_a_spreadsheet(hr, municipality):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
    message = "The file is not a spreadsheet. Upload an .xlsx or .csv file."
    assert file_error(png, hr, municipality, filename="photo.png") == message
    assert file_error(png, hr, municipality, filename="photo.csv") == message
    assert file_error(b"PK\x03\x04garbage", hr, municipality, "hr.xlsx") == message


def test_it_rejects_a_macro_workbook(hr, municipality):
    data = xlsx_bytes({"Medarbejdere": [HEADER_DA, ROW]})
    message = (
        "Macro-enabled workbooks (.xlsm) are not accepted. Save the file as .xlsx "
        "without macros."
    )
    assert file_error(data, hr, municipality, filename="hr.xlsm") == message
    # A macro project inside a file named .xlsx is refused too.
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w") as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/vbaProject.bin", b"\x00macro")
    assert (
        file_error(buffer.getvalue(), hr, municipality, filename="hr.xlsx") == message
    )


def test_it_rejects_an_xml_bomb(hr, municipality):
    data = xlsx_bytes({"Medarbejdere": [HEADER_DA, ROW]})
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol2;</t></si></sst>"
    )
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w") as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/sharedStrings.xml", bomb)
    assert file_error(buffer.getvalue(), hr, municipality, "hr.xlsx") == (
        "The workbook contains XML entity declarations (a possible XML bomb) and "
        "was rejected."
    )


def test_it_rejects_a_file_over_the_size_cap(hr, municipality, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    data = csv_bytes([ROW] * 30000)
    assert len(data) > settings.IMPORT_MAX_BYTES
    assert file_error(data, hr, municipality) == (
        "The file is larger than the limit of 1.0 MB."
    )


@pytest.mark.parametrize("filename", ["hr.csv", "hr.xlsx"])
def test_it_rejects_a_file_over_the_row_cap(hr, municipality, settings, filename):
    settings.IMPORT_MAX_ROWS = 10
    rows = [[str(1000 + n), *ROW[1:]] for n in range(11)]
    data = (
        csv_bytes(rows)
        if filename.endswith("csv")
        else xlsx_bytes({"Medarbejdere": [HEADER_DA, *rows]})
    )
    assert file_error(data, hr, municipality, filename) == (
        "The file has more than 10 rows. Split it into smaller files."
    )


def test_it_accepts_exactly_the_row_cap(hr, municipality, department, settings):
    settings.IMPORT_MAX_ROWS = 10
    rows = [[str(1000 + n), *ROW[1:]] for n in range(10)]
    report = employee_import_run(
        data=csv_bytes(rows),
        filename="hr.csv",
        municipality=municipality,
        user=hr,
        dry_run=True,
    )
    assert report.ok, report.as_dict()


def test_it_rejects_an_old_xls_file(hr, municipality):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert file_error(data, hr, municipality, "hr.xls") == (
        "Old Excel files (.xls) cannot be imported. Save the file as .xlsx."
    )


DAMAGED = (
    "The file is damaged and cannot be unpacked. Save it again as .xlsx and "
    "upload the new file."
)


@pytest.mark.parametrize(
    "member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "docProps/core.xml"]
)
def test_it_rejects_a_damaged_workbook(hr, municipality, member):
    data = damaged_xlsx(member)
    assert file_error(data, hr, municipality, "hr.xlsx") == DAMAGED


@pytest.mark.parametrize(
    "flags, method", [(1, 8), (0, 99)], ids=["encrypted", "unknown method"]
)
@pytest.mark.parametrize("member", ["xl/workbook.xml", "docProps/app.xml"])
def test_it_rejects_a_workbook_with_a_part_it_cannot_unpack(
    hr, municipality, member, flags, method
):
    data = xlsx_with_central_entry(member, flags=flags, method=method)
    assert file_error(data, hr, municipality, "hr.xlsx") == DAMAGED


def test_it_rejects_a_workbook_damaged_deep_inside_a_large_sheet(hr, municipality):
    # The damage lies past what the prolog check unpacks, so the rows find it.
    data = damaged_xlsx(rows=3000)
    assert file_error(data, hr, municipality, "hr.xlsx") == DAMAGED


def _employee(number: int, far: str = "") -> str:
    """A data row; ``far`` puts one more cell at that column (e.g. "XFD")."""
    cells = {"A": str(1000 + number), "B": f"Person {number}", "D": "HJN"}
    if far:
        cells[far] = "note"
    return xml_row(number, cells)


def test_cells_far_right_of_the_header_are_skipped_at_no_cost(
    hr, municipality, department
):
    # Each row also holds a cell at column XFD (16,384), beyond every header.
    rows = "".join(_employee(n, far="XFD") for n in range(2, 402))
    data = xlsx_with_sheet_xml(xml_header_row() + rows)
    tracemalloc.start()
    try:
        report = employee_import_run(
            data=data,
            filename="hr.xlsx",
            municipality=municipality,
            user=hr,
            dry_run=True,
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.ok, report.as_dict()
    assert report.counts["employees"]["create"] == 400
    # Padding each row out to XFD would take 400 x 16,384 slots (over 50 MB).
    assert peak < 8 * 2**20


def test_a_row_with_nothing_in_the_imports_columns_is_skipped(
    hr, municipality, department
):
    rows = _employee(2) + xml_row(3, {"J": "Antal: 1"}) + _employee(4)
    data = xlsx_with_sheet_xml(xml_header_row() + rows)
    report = employee_import_run(
        data=data, filename="hr.xlsx", municipality=municipality, user=hr, dry_run=True
    )
    assert report.ok, report.as_dict()
    assert [row["row"] for row in report.rows] == [2, 4]


WIDE = (
    "Sheet Medarbejdere reaches column XFD; an import file may use at most 256 "
    "columns. Delete the cells to the right of the import's columns."
)
LONG = "The file has more than 100000 rows. Split it into smaller files."


@pytest.mark.parametrize(
    "dimension, message",
    [("A1:XFD3", WIDE), ("A1:H1048576", LONG)],
    ids=["columns", "rows"],
)
@pytest.mark.parametrize("body", ["complete", "cut off"])
def test_a_sheet_declaring_a_size_past_the_caps_is_refused_before_its_rows(
    hr, municipality, department, settings, dimension, message, body
):
    settings.IMPORT_MAX_ROWS = 100000
    settings.IMPORT_MAX_COLUMNS = 256
    rows = xml_header_row() + _employee(2) + _employee(3)
    if body == "cut off":
        # Reading any row would fail on the broken XML: the size decides first.
        rows = rows[: len(rows) // 2]
    data = xlsx_with_sheet_xml(rows, dimension=dimension)
    assert file_error(data, hr, municipality, "hr.xlsx") == message


def test_a_declared_size_within_the_caps_is_read(
    hr, municipality, department, settings
):
    settings.IMPORT_MAX_ROWS = 2
    settings.IMPORT_MAX_COLUMNS = 8
    rows = xml_header_row() + _employee(2) + _employee(3)
    data = xlsx_with_sheet_xml(rows, dimension="A1:H3")
    report = employee_import_run(
        data=data, filename="hr.xlsx", municipality=municipality, user=hr, dry_run=True
    )
    assert report.ok, report.as_dict()
    assert report.counts["employees"]["create"] == 2
