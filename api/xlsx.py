"""Spreadsheet cells that are safe to open: user text never becomes a formula.

Shared by every app that writes a workbook (reports, privacy, funding), so the
formula-injection rule of DESIGN §6 has one owner.
"""

import math
import re
import tempfile
from collections.abc import Callable
from copy import copy
from datetime import date, datetime
from decimal import Decimal
from math import ceil
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape, quoteattr

from django.http import FileResponse
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import fromstring
from rest_framework import renderers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet reads a cell starting with one of these as a formula (DDE and
# friends); the OWASP remedy is a leading apostrophe, kept as plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_MAX_ROWS = 1_048_576

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
# Headers wrap rather than being cut off at the column's edge.
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
# A label beside its value on a white sheet (the MUS sheet's name block).
LABEL_FONT = Font(bold=True)
# Points per line of header text, and the characters a column of width w holds.
LINE_HEIGHT = 15
PERCENT = "0.0%"
DECIMAL = "0.00"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"


# XML has no place for these either (openpyxl's pattern covers the control
# characters only): one in a department's name would break every workbook.
NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def safe_text(value) -> str:
    """User-supplied text as a string no spreadsheet will evaluate."""
    text = NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if text.startswith(FORMULA_TRIGGERS) or text in ERROR_CODES:
        return "'" + text
    return text


def local_date(value) -> date | None:
    """The day a moment fell on in the installation's time zone (Europe/
    Copenhagen): an assessment made at 00:30 in Copenhagen is of that day,
    not of the day before as its UTC time says."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def safe(value):
    """A cell value: text neutralised, numbers kept as numbers, dates naive local."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, date):
        return value
    return safe_text(value)


def text_cell(ws, value, **style) -> WriteOnlyCell:
    """A cell that is always a string cell, whatever the text looks like."""
    cell = WriteOnlyCell(ws, value=safe_text(value))
    cell.data_type = "s"
    for key, item in style.items():
        setattr(cell, key, item)
    return cell


# Setting a style on a cell looks it up in the workbook's registries, which
# costs more than writing the cell; cells of one look copy the style ids of a
# prototype made once per workbook. Only the ids (a StyleArray) are kept: the
# prototype cell holds its worksheet and so the workbook, and a weak key that
# its own value keeps alive is never released (every report stayed in memory).
_styles: WeakKeyDictionary = WeakKeyDictionary()


def _with_style_of(ws, cell: WriteOnlyCell, key, make) -> WriteOnlyCell:
    known = _styles.setdefault(ws.parent, {})
    style = known.get(key)
    if style is None:
        style = known[key] = make()._style
    cell._style = copy(style)
    return cell


def styled(ws, value, number_format=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=safe(value))
    if not number_format:
        return cell

    def make():
        prototype = WriteOnlyCell(ws)
        prototype.number_format = number_format
        return prototype

    return _with_style_of(ws, cell, ("format", number_format), make)


def indented(ws, value, level: int) -> WriteOnlyCell:
    cell = text_cell(ws, value)
    level = max(level, 0)
    if not level:
        return cell

    def make():
        prototype = WriteOnlyCell(ws)
        # Spreadsheets indent only left-aligned cells.
        prototype.alignment = Alignment(horizontal="left", indent=level)
        return prototype

    return _with_style_of(ws, cell, ("indent", level), make)


def header_row(ws, titles) -> list[WriteOnlyCell]:
    return [
        text_cell(
            ws, title, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT
        )
        for title in titles
    ]


def header_height(titles, widths) -> float:
    """Points for a header row whose wrapped titles all show in full."""
    lines = max(
        (
            ceil(len(str(title)) / max(width - 1, 1))
            for title, width in zip(titles, widths, strict=False)
        ),
        default=1,
    )
    return LINE_HEIGHT * max(lines, 1) + 3


def print_setup(ws, *, title_row: int = 1, landscape: bool = True) -> None:
    """Print as a report: A4, landscape, as wide as one page and as long as
    the rows need, the header repeated on every page. Call before the first
    row is appended (a streamed sheet writes its properties first)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    if title_row:
        ws.print_title_rows = f"{title_row}:{title_row}"


def fitted_widths(titles, widths) -> list[float]:
    """Each column at least as wide as the longest word of its title, so a
    wrapped title breaks between words, never inside one."""
    return [
        max(width, max((len(word) for word in str(title).split()), default=0) + 2)
        for title, width in zip(titles, widths, strict=False)
    ]


def start_table(ws, titles, widths, freeze="B2") -> None:
    """Widths, frozen and wrapped header, print setup; call before the first
    row is appended."""
    widths = fitted_widths(titles, widths)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = freeze
    print_setup(ws)
    ws.row_dimensions[1].height = header_height(titles, widths)
    ws.append(header_row(ws, titles))


def finish_table(ws, columns: int, rows: int) -> None:
    """Autofilter over the header and ``rows`` data rows."""
    last = get_column_letter(max(columns, 1))
    ws.auto_filter.ref = f"A1:{last}{max(rows, 0) + 1}"


# --- Wide tables ----------------------------------------------------------------
# openpyxl makes, checks and serialises an object per cell, some 5 µs for a
# styled one; the national progress workbook has 190,000 of them. A table
# whose columns each keep one number format writes a row's XML in one string
# instead, about a sixth of the time, through openpyxl's own sheet writer (one
# lxml element per row), so everything else about the sheet stays openpyxl's.
# Text still becomes a cell only through safe_text.
#
# The hook is private to openpyxl: the workbook's _add_sheet, two methods of
# its write-only sheet (_values_to_row, _get_writer) and its writer's
# write_row; requirements.txt pins openpyxl, and tests/api/test_xlsx_table.py
# reads what it writes back.


def table_sheet(wb, title: str) -> WriteOnlyWorksheet:
    """A sheet of a write-only workbook that takes ``Table`` rows as well as
    openpyxl's (headers, single cells)."""
    ws = _TableSheet(parent=wb, title=title)
    wb._add_sheet(ws)
    return ws


class Table:
    """Rows of plain values, each column's numbers in that column's format.

    ``formats`` has a number format (or None) per column. A str is always a
    text cell (made safe), a number takes its column's format, a date (or a
    naive local datetime) too, else DATE (DATETIME); None and NaN leave the
    cell empty; ``indent`` indents the row's first cell.
    """

    def __init__(self, ws: WriteOnlyWorksheet, formats: list[str | None]):
        if not isinstance(ws, _TableSheet):
            raise TypeError("A Table is written to a sheet made by table_sheet().")
        self._ws = ws
        self._letters = [get_column_letter(i) for i in range(1, len(formats) + 1)]
        self._numbers = [_style_attribute(ws, number_format=f) for f in formats]
        self._indents: dict[int, str] = {}
        self._dates: dict[str, str] = {}

    def append(self, values, *, indent: int = 0) -> None:
        if len(values) > len(self._letters):
            raise ValueError(
                f"{len(values)} values for a table of {len(self._letters)} columns."
            )
        cells = []
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                style = self._indent(indent) if column == 0 and indent > 0 else ""
                xml = _text_xml(value, style)
            elif isinstance(value, date):
                xml = self._date_xml(value, column)
            else:
                xml = _number_xml(value, self._numbers[column])
            if xml:
                cells.append((self._letters[column], xml))
        self._ws.append(_XmlRow(cells))

    def _date_xml(self, value: date, column: int) -> str:
        """A date as Excel's day number, shown in its column's format."""
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise TypeError("A table cell takes a local datetime without tzinfo.")
        style = self._numbers[column]
        if not style:
            default = DATETIME if isinstance(value, datetime) else DATE
            style = self._dates.get(default)
            if style is None:
                style = self._dates[default] = _style_attribute(
                    self._ws, number_format=default
                )
        serial = to_excel(value, self._ws.parent.epoch)
        return f'{style} t="n"><v>{serial:.16g}</v></c>'

    def _indent(self, level: int) -> str:
        style = self._indents.get(level)
        if style is None:
            alignment = Alignment(horizontal="left", indent=level)
            style = self._indents[level] = _style_attribute(
                self._ws, alignment=alignment
            )
        return style


def _style_attribute(ws, **style) -> str:
    """`` s="n"``: the workbook's id of a look, registered once per table."""
    prototype = WriteOnlyCell(ws)
    for key, value in style.items():
        if value is not None:
            setattr(prototype, key, value)
    return f' s="{prototype.style_id}"' if prototype.has_style else ""


def _text_xml(value: str, style: str) -> str:
    text = safe_text(value)
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    # A parser reads a bare CR as LF; a character reference keeps it.
    text = escape(text, {"\r": "&#13;"})
    return f'{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number_xml(value, style: str) -> str:
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'{style} t="n"><v>{value}</v></c>'
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            return ""
        # As openpyxl writes numbers, so a report reads the same either way.
        return f'{style} t="n"><v>{float(value):.16g}</v></c>'
    raise TypeError(f"A table cell is text or a number, not {type(value).__name__}.")


class _XmlRow(tuple):
    """A row's cells as (column letter, the rest of its <c> element)."""

    def element(self, number: int, dimensions: dict):
        """The <row> element, with the row's height and the like as openpyxl
        writes them for its own rows."""
        n = str(number)
        attributes = "".join(f" {k}={quoteattr(v)}" for k, v in dimensions.items())
        parts = [f'<c r="{letter}{n}"{rest}' for letter, rest in self if rest]
        return fromstring(f'<row r="{n}"{attributes}>{"".join(parts)}</row>')


class _TableSheet(WriteOnlyWorksheet):
    def _values_to_row(self, values, row_idx):
        if isinstance(values, _XmlRow):
            return values
        return super()._values_to_row(values, row_idx)

    def _get_writer(self):
        if self._writer is None:
            self._writer = _TableWriter(self)
            self._writer.write_top()


class _TableWriter(WorksheetWriter):
    def write_row(self, xf, row, row_idx):
        if isinstance(row, _XmlRow):
            dimensions = dict(self.ws.row_dimensions.get(row_idx, {}))
            xf.write(row.element(row_idx, dimensions))
        else:
            super().write_row(xf, row, row_idx)


# --- Downloads ------------------------------------------------------------------
class XlsxRenderer(renderers.BaseRenderer):
    """Lets clients ask for a workbook by Accept header; errors stay JSON."""

    media_type = XLSX
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


def workbook_response(write: Callable, *, filename: str) -> FileResponse:
    """The workbook ``write(out)`` makes, as a download.

    A temporary file keeps memory flat: write_only streams sheets to disk and
    the response streams the finished file.
    """
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        write(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)
