"""Turn an uploaded file into sheets of rows, refusing anything unsafe or unreadable.

Every refusal is an ``ImportFileError`` with a message for the HR user; nothing
here raises anything else for bad input.
"""

import codecs
import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.cell import get_column_letter

from employees.imports.columns import (
    LAYOUTS,
    SHEET_NAMES,
    expected_headers,
    kind_from_headers,
    normalise_header,
)
from employees.imports.xlsx_rows import workbook_sheets

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
# An xlsx is compressed XML; a file that unpacks to far more than the upload
# cap is a zip bomb, not an HR export.
UNPACKED_FACTOR = 20
# A DTD must come before the root element, so the prolog is all that needs
# scanning to find entity declarations (the XML-bomb vector).
PROLOG_BYTES = 64 * 1024
# What unpacking a member raises when it cannot be done: a wrong CRC, broken
# deflate data, a member cut short (all once the member is read, not when the
# archive opens), an encrypted member (RuntimeError) or a compression method
# zipfile lacks (NotImplementedError).
UNPACK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class Sheet:
    name: str
    kind: str
    # Spreadsheet row number (the header is row 1) and {column key: raw value}.
    rows: list[tuple[int, dict]] = field(default_factory=list)
    # Column key -> the header as written in the file, for error messages.
    headers: dict[str, str] = field(default_factory=dict)


def read_file(*, data: bytes, filename: str) -> list[Sheet]:
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than the limit of %(mb)s MB.")
            % {"mb": round(settings.IMPORT_MAX_BYTES / (1024 * 1024), 1)}
        )
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in {".xlsm", ".xltm", ".xlsb"}:
        raise ImportFileError(_macro_message())
    if data.startswith(OLE2_MAGIC) or suffix == ".xls":
        raise ImportFileError(
            _("Old Excel files (.xls) cannot be imported. Save the file as .xlsx.")
        )
    if data.startswith(ZIP_MAGIC) and suffix in {".xlsx", ""}:
        sheets = _read_xlsx(data)
    elif suffix in {".csv", ".txt"} and not data.startswith(ZIP_MAGIC):
        sheets = [_read_csv(data)]
    else:
        raise ImportFileError(_not_spreadsheet())
    _check_row_cap(sheets)
    return sheets


def _not_spreadsheet() -> str:
    return _("The file is not a spreadsheet. Upload an .xlsx or .csv file.")


def _damaged() -> str:
    return _(
        "The file is damaged and cannot be unpacked. Save it again as .xlsx and "
        "upload the new file."
    )


def _macro_message() -> str:
    return _(
        "Macro-enabled workbooks (.xlsm) are not accepted. Save the file as .xlsx "
        "without macros."
    )


# --- CSV ---------------------------------------------------------------------
def _read_csv(data: bytes) -> Sheet:
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    # Danish Excel writes ";" because "," is the decimal separator.
    header_line = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        sheet = _sheet_from_rows("csv", _capped(reader), default_kind=None)
    except csv.Error as error:
        raise ImportFileError(_not_spreadsheet()) from error
    if sheet is None:
        raise ImportFileError(_("The file is empty."))
    return sheet


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ImportFileError(_not_spreadsheet())
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what Danish Excel writes for "CSV (semikolonsepareret)".
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file's text encoding is not UTF-8 or Windows-1252.")
        ) from error


# --- XLSX ----------------------------------------------------------------------
def _read_xlsx(data: bytes) -> list[Sheet]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(_not_spreadsheet()) from error
    if "xl/workbook.xml" not in names:
        raise ImportFileError(_not_spreadsheet())
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ImportFileError(_macro_message())
    _check_unpacked_size(archive)
    try:
        _check_no_dtd(archive)
    except UNPACK_ERRORS as error:
        raise ImportFileError(_damaged()) from error
    return _load_sheets(data)


def _check_unpacked_size(archive: zipfile.ZipFile) -> None:
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > settings.IMPORT_MAX_BYTES * UNPACKED_FACTOR:
        raise ImportFileError(
            _("The workbook unpacks to an unreasonable size and was rejected.")
        )


def _check_no_dtd(archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(info) as member:
            prolog = member.read(PROLOG_BYTES)
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise ImportFileError(
                _(
                    "The workbook contains XML entity declarations (a possible "
                    "XML bomb) and was rejected."
                )
            )


def _load_sheets(data: bytes) -> list[Sheet]:

    sheets = []
    try:
        for rows in workbook_sheets(data, width=settings.IMPORT_MAX_COLUMNS):
            _check_declared_size(rows)
            sheet = _sheet_from_rows(
                rows.title,
                _capped(rows),
                default_kind=SHEET_NAMES.get(normalise_header(rows.title)),
                narrow=rows.narrow,
            )
            if sheet is not None:
                sheets.append(sheet)
                # Checked per sheet, so a workbook of many full sheets stops early.
                _check_row_cap(sheets)
    except ImportFileError:
        raise
    except Exception as error:
        # openpyxl and lxml raise many types for damaged files; all mean the
        # same to the person uploading.
        raise ImportFileError(_unreadable(data)) from error
    if not sheets:
        raise ImportFileError(_("The file is empty."))
    return sheets


def _unreadable(data: bytes) -> str:
    """Why a workbook that passed the checks still failed: damaged, or not one.

    A member's CRC is checked only once it is read to the end, so damage deep
    in a sheet usually shows first as broken XML; only this failure path pays
    for unpacking everything again to tell the two apart.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            damaged = archive.testzip() is not None
    except UNPACK_ERRORS:
        damaged = True
    return _damaged() if damaged else _not_spreadsheet()


def _check_declared_size(rows) -> None:
    """Refuse a sheet whose ``<dimension>`` is past the caps, before reading rows."""
    size = rows.declared_size()
    if size is None:
        return
    last_row, last_column = size
    # The header row comes on top of the data rows the cap counts.
    if last_row > settings.IMPORT_MAX_ROWS + 1:
        raise ImportFileError(_row_cap_message())
    if last_column > settings.IMPORT_MAX_COLUMNS:
        raise ImportFileError(
            _(
                "Sheet %(sheet)s reaches column %(column)s; an import file may use "
                "at most %(max)s columns. Delete the cells to the right of the "
                "import's columns."
            )
            % {
                "sheet": rows.title,
                "column": get_column_letter(last_column),
                "max": settings.IMPORT_MAX_COLUMNS,
            }
        )


# --- Common ------------------------------------------------------------------
def _capped(rows):
    """Stop reading one row past the cap, so a huge file costs no more memory."""
    # Row 0 is the header, so the index of a data row is its count.
    for index, row in enumerate(rows):
        if index > settings.IMPORT_MAX_ROWS:
            raise ImportFileError(_row_cap_message())
        yield row


def _row_cap_message() -> str:
    return _("The file has more than %(max)s rows. Split it into smaller files.") % {
        "max": settings.IMPORT_MAX_ROWS
    }


def _check_row_cap(sheets: list[Sheet]) -> None:
    if sum(len(sheet.rows) for sheet in sheets) > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(_row_cap_message())


def _filled(row) -> bool:
    return any(cell not in (None, "") and str(cell).strip() for cell in row)


def _sheet_from_rows(name: str, rows, *, default_kind, narrow=None) -> Sheet | None:
    """The sheet under its header row, or None when it holds nothing at all.

    ``rows`` is an iterator, read once as it comes; ``narrow``, when given, is
    told which positions the header found, so the rest are never read.
    """
    header = next(rows, None)
    if header is None or not _filled(header):
        if any(_filled(row) for row in rows):
            raise ImportFileError(
                _("Sheet %(sheet)s has no header row in its first line.")
                % {"sheet": name}
            )
        return None
    raw_headers = [("" if cell is None else str(cell)).strip() for cell in header]
    normalised = [normalise_header(cell) for cell in raw_headers]
    kind = default_kind or kind_from_headers(normalised)
    if kind is None:
        raise ImportFileError(
            _(
                "Sheet %(sheet)s has no recognised headers. Expected the employee "
                "columns: %(expected)s."
            )
            % {"sheet": name, "expected": expected_headers("employees")}
        )
    positions, headers = _map_headers(name, kind, raw_headers, normalised)
    if narrow is not None:
        narrow(positions.values())
    sheet = Sheet(name=name, kind=kind, headers=headers)
    sheet.rows = list(_data_rows(rows, positions))
    return sheet


def _data_rows(rows, positions: dict[str, int]):
    """(row number, {column key: value}) for each row with a value in a known column.

    Cells outside the header's columns are ignored, so a row holding nothing
    else (a total, a note) is skipped like an empty one.
    """
    for number, row in enumerate(rows, start=2):
        values = {
            key: _clean(row[index]) if index < len(row) else ""
            for key, index in positions.items()
        }
        # ``_clean`` leaves "" for an empty cell; every other value is truthy.
        if any(values.values()):
            yield number, values


def _map_headers(name, kind, raw_headers, normalised):
    columns = LAYOUTS[kind]
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown = []
    for index, header in enumerate(normalised):
        if not header:
            continue
        column = next((c for c in columns if header in c.aliases), None)
        if column is None:
            unknown.append(raw_headers[index])
        elif column.key in positions:
            raise ImportFileError(
                _("Sheet %(sheet)s has the column %(column)s twice.")
                % {"sheet": name, "column": raw_headers[index]}
            )
        else:
            positions[column.key] = index
            headers[column.key] = raw_headers[index]
    missing = [c.label for c in columns if c.required and c.key not in positions]
    if missing or unknown:
        raise ImportFileError(_header_message(name, kind, missing, unknown))
    return positions, headers


def _header_message(name, kind, missing, unknown) -> str:
    parts = []
    if missing:
        parts.append(
            _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}
        )
    if unknown:
        parts.append(
            _("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)}
        )
    return _(
        "Sheet %(sheet)s has wrong headers (%(problems)s). Expected: %(expected)s."
    ) % {
        "sheet": name,
        "problems": "; ".join(parts),
        "expected": expected_headers(kind),
    }


def _clean(value):
    """Cells keep dates as dates; everything else becomes stripped text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        # Excel stores employee numbers typed as numbers as floats.
        return str(int(value))
    return str(value).strip()
