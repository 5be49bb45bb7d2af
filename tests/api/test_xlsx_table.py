"""api.xlsx.Table: rows written as XML read back as openpyxl's own cells would.

The national progress workbook writes its wide sheets through this table
(DESIGN §6); these tests read what it writes with openpyxl and compare it
with what openpyxl writes for the same values.
"""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from api.xlsx import (
    DATE,
    DATETIME,
    DECIMAL,
    PERCENT,
    Table,
    start_table,
    table_sheet,
)


def _written(rows, formats, *, indents=None, header=("A", "B", "C", "D")):
    wb = Workbook(write_only=True)
    ws = table_sheet(wb, "Sheet")
    start_table(ws, list(header), [10] * len(header))
    table = Table(ws, formats)
    for index, row in enumerate(rows):
        table.append(row, indent=(indents or {}).get(index, 0))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return load_workbook(out)["Sheet"]


def test_values_and_formats_read_back():
    ws = _written(
        [
            ["Økonomi & Løn <1>", 12, 0.25, Decimal("2.50")],
            ["Skole", 3, 1.0, 7],
        ],
        [None, None, PERCENT, DECIMAL],
    )
    assert ws["A1"].value == "A"  # openpyxl's header row stays as it was
    assert ws["A1"].font.bold
    assert [c.value for c in ws[2]] == ["Økonomi & Løn <1>", 12, 0.25, 2.5]
    assert [c.value for c in ws[3]] == ["Skole", 3, 1, 7]
    assert ws["C2"].number_format == PERCENT
    assert ws["D3"].number_format == DECIMAL
    assert ws["B2"].number_format == "General"
    assert ws["A2"].data_type == "s"
    assert ws["B2"].data_type == "n"


def test_text_is_never_a_formula():
    hostile = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "#REF!"]
    ws = _written([[text] for text in hostile], [None])
    read = [ws.cell(row=n, column=1) for n in range(2, 2 + len(hostile))]
    assert [c.value for c in read] == ["'" + text for text in hostile]
    assert all(c.data_type == "s" for c in read)


def test_text_that_looks_like_a_number_stays_text():
    ws = _written([["0042", "1e3"]], [DECIMAL, DECIMAL])
    assert (ws["A2"].value, ws["B2"].value) == ("0042", "1e3")
    assert ws["A2"].data_type == "s"


def test_illegal_characters_go_and_spaces_stay():
    ws = _written(
        [["a\x00b\x1fc\uffff\ud800", "  indented ", "<![CDATA[x]]>"]], [None] * 3
    )
    assert ws["A2"].value == "abc"
    assert ws["B2"].value == "  indented "
    assert ws["C2"].value == "<![CDATA[x]]>"


def test_empty_values_leave_empty_cells_and_later_cells_in_place():
    ws = _written(
        [["a", None, float("nan"), 4], ["", float("inf"), True, False]],
        [None, None, None, None],
    )
    assert [c.value for c in ws[2]] == ["a", None, None, 4]
    assert [c.value for c in ws[3]] == [None, None, True, False]


def test_the_first_cell_is_indented_by_level():
    ws = _written([["top"], ["child"], ["grandchild"]], [None], indents={1: 1, 2: 2})
    assert [ws.cell(row=n, column=1).alignment.indent for n in (2, 3, 4)] == [0, 1, 2]
    assert ws["A3"].alignment.horizontal == "left"


def test_it_reads_as_openpyxls_own_cells_read():
    """The same rows written cell by cell with openpyxl read back the same."""
    rows = [
        ["Afdeling", 7, 0.125, Decimal("3.333333333333333333")],
        ["Vogn\rretur\r\nog linje\nskift", 123456789, -0.0, True],
    ]
    ws = _written(rows, [None, None, PERCENT, DECIMAL])
    wb = Workbook()
    plain = wb.active
    for row in rows:
        plain.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    expected = load_workbook(out).active
    assert [c.value for c in ws[2]] == [c.value for c in expected[1]]
    assert [c.value for c in ws[3]] == [c.value for c in expected[2]]
    assert ws["A3"].value == "Vogn\rretur\r\nog linje\nskift"


def test_row_dimensions_apply_to_table_rows():
    wb = Workbook(write_only=True)
    ws = table_sheet(wb, "Sheet")
    ws.row_dimensions[1].height = 50
    ws.row_dimensions[2].hidden = True
    ws.row_dimensions[2].outlineLevel = 1
    table = Table(ws, [None])
    table.append(["tall"])
    table.append(["hidden"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    read = load_workbook(out)["Sheet"]
    assert read.row_dimensions[1].height == 50
    assert read.row_dimensions[2].hidden
    assert read.row_dimensions[2].outlineLevel == 1
    assert (read["A1"].value, read["A2"].value) == ("tall", "hidden")


def test_bad_rows_are_refused():
    wb = Workbook(write_only=True)
    ws = table_sheet(wb, "Sheet")
    table = Table(ws, [None, None])
    with pytest.raises(ValueError, match="3 values for a table of 2 columns"):
        table.append(["a", "b", "c"])
    with pytest.raises(TypeError, match="not time"):
        table.append([datetime.time(12, 0)])
    with pytest.raises(TypeError, match="without tzinfo"):
        table.append([datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)])
    with pytest.raises(TypeError, match="table_sheet"):
        Table(wb.create_sheet("Plain"), [None])


def test_dates_read_back_as_dates_in_their_columns_format():
    ws = _written(
        [
            [
                datetime.date(2026, 11, 30),
                datetime.date(1900, 1, 1),
                datetime.datetime(2026, 11, 30, 9, 30),
                datetime.date(2026, 2, 1),
            ]
        ],
        [None, None, None, "dd.mm.yyyy"],
    )
    assert ws["A2"].value == datetime.datetime(2026, 11, 30)
    assert ws["A2"].number_format == DATE
    assert ws["B2"].value == datetime.datetime(1900, 1, 1)
    assert ws["C2"].value == datetime.datetime(2026, 11, 30, 9, 30)
    assert ws["C2"].number_format == DATETIME
    assert ws["D2"].value == datetime.datetime(2026, 2, 1)
    assert ws["D2"].number_format == "dd.mm.yyyy"
