"""Read a workbook's sheets as rows of values, fast and without entity expansion.

With defusedxml installed, openpyxl parses sheets with a pure-Python expat
handler, and its read-only mode parses every sheet once more just to find its
size when the file has no ``<dimension>`` element. Both made reading most of
the time of a 40,000-row import. Here each sheet is parsed once, with lxml's
C parser resolving no entities and opening no network; the reader has already
refused any workbook part that declares a DTD (the XML-bomb vector), so
nothing is given up. Shared strings, styles and date conversion stay
openpyxl's own. Relies on openpyxl 3.1 internals, pinned in requirements.txt.

Rows are read as the caller iterates, and a row holds only the columns asked
for: a cell far to the right (column XFD is 16,384) is skipped, not padded up
to, so a small hostile file cannot make each row a huge tuple.
"""

import io

from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import ROW_TAG, _cast_number


class _SheetListReader(ExcelReader):
    """openpyxl's reader, minus building worksheet objects: names and paths only."""

    def read_worksheets(self):
        self.sheet_paths = [
            (sheet.name, rel.target)
            for sheet, rel in self.parser.find_sheets()
            if rel.target in self.valid_files and "chartsheet" not in rel.Type
        ]


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CELL, VALUE, INLINE, TEXT = f"{NS}c", f"{NS}v", f"{NS}is", f"{NS}t"
DIMENSION, SHEET_DATA = f"{NS}dimension", f"{NS}sheetData"
PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
}


def _rows(source):
    rows = etree.iterparse(source, events=("end",), tag=ROW_TAG, **PARSER_OPTIONS)
    for _, element in rows:
        yield element
        # Drop parsed rows so memory stays flat however long the sheet.
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


class _CellDecoder:
    """Cell values as openpyxl would give them with ``data_only=True``.

    A lean copy of openpyxl's per-cell parsing, which builds a dict and
    re-parses the coordinate of every cell: most of the reading time. Only
    the columns at ``wanted`` positions (0-based, all below ``width``) are
    decoded.
    """

    def __init__(self, reader, *, width: int):
        workbook = reader.wb
        self.strings = reader.shared_strings
        self.epoch = workbook.epoch
        self.date_styles = workbook._date_formats
        self.timedelta_styles = workbook._timedelta_formats
        self.width = width
        self.wanted: frozenset[int] | None = None

    def narrow(self, positions) -> None:
        wanted = frozenset(positions)
        self.width = max(wanted, default=-1) + 1
        # Usually every column up to the last is wanted: then the width alone
        # decides, which saves a set lookup per cell.
        self.wanted = None if len(wanted) == self.width else wanted

    def row(self, element) -> list:
        width, wanted = self.width, self.wanted
        values: list = []
        position = -1
        for cell in element.iterchildren(CELL):
            reference = cell.get("r")
            position = _column(reference) - 1 if reference else position + 1
            # Skipped before anything is built for it: padding the row out to
            # a lone cell at XFD would cost 16,384 slots.
            if position >= width or (wanted is not None and position not in wanted):
                continue
            if position >= len(values):
                values.extend([None] * (position + 1 - len(values)))
            values[position] = self.value(cell)
        return values

    def value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(INLINE)
            return None if inline is None else "".join(inline.itertext(TEXT))
        raw = cell.findtext(VALUE)
        if raw is None or raw == "":
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        if kind != "n":
            return raw  # "str" (a formula's text) and "e" (an error such as #N/A)
        number = _cast_number(raw)
        style = int(cell.get("s", 0))
        if style in self.date_styles:
            try:
                return from_excel(
                    number, self.epoch, timedelta=style in self.timedelta_styles
                )
            except (OverflowError, ValueError):
                return raw
        return number


def _column(reference: str) -> int:
    letters = reference.rstrip("0123456789")
    return column_index_from_string(letters)


def workbook_sheets(data: bytes, *, width: int):
    """Yield a ``WorksheetRows`` for each worksheet, read in turn."""
    reader = _SheetListReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    try:
        for title, path in reader.sheet_paths:
            yield WorksheetRows(reader, title, path, width=width)
    finally:
        reader.archive.close()


class WorksheetRows:
    """A worksheet's rows, as lists of cell values, parsed while iterating.

    A row holds its first ``width`` columns until ``narrow`` names the
    positions that matter (typically after reading the header row); from then
    on a row holds those alone. A row left out of the XML is an empty row.
    """

    def __init__(self, reader, title: str, path: str, *, width: int):
        self.title = title
        self._archive = reader.archive
        self._path = path
        self._decoder = _CellDecoder(reader, width=width)

    def declared_size(self) -> tuple[int, int] | None:
        """(last row, last column) of the sheet's ``<dimension>``, if it has one.

        The element comes before the rows, so this reads only the sheet's start.
        """
        with self._archive.open(self._path) as source:
            tags = (DIMENSION, SHEET_DATA)
            events = etree.iterparse(
                source, events=("start",), tag=tags, **PARSER_OPTIONS
            )
            _, first = next(events, (None, None))
        if first is None or first.tag != DIMENSION:
            return None
        return _size(first.get("ref") or "")

    def narrow(self, positions) -> None:
        self._decoder.narrow(positions)

    def __iter__(self):
        with self._archive.open(self._path) as source:
            expected = 1
            for element in _rows(source):
                index = int(element.get("r") or expected)
                while expected < index:
                    yield []
                    expected += 1
                expected = index + 1
                yield self._decoder.row(element)


def _size(reference: str) -> tuple[int, int] | None:
    try:
        first_column, first_row, last_column, last_row = range_boundaries(reference)
    except ValueError:
        return None  # Unreadable: the rows themselves are still capped.
    return (last_row or first_row or 0, last_column or first_column or 0)
