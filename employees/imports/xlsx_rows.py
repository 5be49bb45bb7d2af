"""Read a workbook's sheets as rows of values, fast and without entity expansion.

With defusedxml installed, openpyxl parses sheets with a pure-Python expat
handler, and its read-only mode parses every sheet once more just to find its
size when the file has no ``<dimension>`` element. Both made reading most of
the time of a 40,000-row import. Here each sheet is parsed once, with lxml's
C parser resolving no entities and opening no network; the reader has already
refused any workbook part that declares a DTD (the XML-bomb vector), so
nothing is given up. Shared strings, styles and date conversion stay
openpyxl's own. Relies on openpyxl 3.1 internals, pinned in requirements.txt.
"""

import io

from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string
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


def _rows(source):
    rows = etree.iterparse(
        source,
        events=("end",),
        tag=ROW_TAG,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    for _, element in rows:
        yield element
        # Drop parsed rows so memory stays flat however long the sheet.
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


class _CellDecoder:
    """Cell values as openpyxl would give them with ``data_only=True``.

    A lean copy of openpyxl's per-cell parsing, which builds a dict and
    re-parses the coordinate of every cell: most of the reading time.
    """

    def __init__(self, reader):
        workbook = reader.wb
        self.strings = reader.shared_strings
        self.epoch = workbook.epoch
        self.date_styles = workbook._date_formats
        self.timedelta_styles = workbook._timedelta_formats

    def row(self, element) -> tuple:
        values: list = []
        for cell in element.iterchildren(CELL):
            reference = cell.get("r")
            column = _column(reference) if reference else len(values) + 1
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = self.value(cell)
        return tuple(values)

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


def workbook_sheets(data: bytes):
    """Yield (sheet title, iterator of value tuples) for each worksheet."""
    reader = _SheetListReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    try:
        for title, path in reader.sheet_paths:
            yield title, _values(reader, path)
    finally:
        reader.archive.close()


def _values(reader, path):
    decoder = _CellDecoder(reader)
    with reader.archive.open(path) as source:
        expected = 1
        for element in _rows(source):
            index = int(element.get("r") or expected)
            while expected < index:
                # A row left out of the XML is an empty row in the sheet.
                yield ()
                expected += 1
            expected = index + 1
            yield decoder.row(element)
