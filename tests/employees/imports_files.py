"""Builders for HR import files, and the English messages their tests assert
(import ``english`` into a test module to use it there)."""

import io
import struct
import zipfile

import openpyxl
import pytest
from django.utils import translation

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_DA = [
    "Medarbejdernummer",
    "Navn",
    "E-mail",
    "Afdelingskode",
    "Stilling",
    "Leder",
    "Ansat fra",
    "Ansat til",
]


def csv_bytes(rows, *, header=HEADER_DA, delimiter=";", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(map(str, r)) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(sheets: dict) -> bytes:
    """{sheet title: [header, row, ...]} -> workbook bytes."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english():
    # Exact messages are asserted in the source language.
    with translation.override("en"):
        yield


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook ``data`` with the zip member ``name`` replaced or added."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            if item.filename != name:
                out.writestr(item, source.read(item))
        out.writestr(name, content)
    return buffer.getvalue()


def xlsx_with_sheet_xml(sheet_data: str, *, dimension: str | None = None) -> bytes:
    """A one-sheet workbook ("Medarbejdere") whose sheet XML is written by hand.

    ``sheet_data`` is the inside of ``<sheetData>``; strings go inline.
    """
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = (
        f'<worksheet xmlns="{MAIN_NS}">{declared}'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    template = xlsx_bytes({"Medarbejdere": [HEADER_DA]})
    return with_member(template, "xl/worksheets/sheet1.xml", xml.encode())


def xml_row(number: int, values: dict) -> str:
    """``<row>`` with the given {column letters: text} as inline strings."""
    cells = "".join(
        f'<c r="{letters}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for letters, text in values.items()
    )
    return f'<row r="{number}">{cells}</row>'


def xml_header_row() -> str:
    return xml_row(1, dict(zip("ABCDEFGH", HEADER_DA, strict=True)))


def damaged_xlsx(member: str = "xl/worksheets/sheet1.xml", *, rows: int = 1) -> bytes:
    """A valid workbook with one byte flipped inside a compressed member.

    Depending on the byte, unpacking fails on the CRC or on the deflate data.
    """
    data = [
        [str(1000 + n), f"Person {n}", f"p{n}@kommune.dk", "HJN", "", "", "", ""]
        for n in range(rows)
    ]
    data = bytearray(xlsx_bytes({"Medarbejdere": [HEADER_DA, *data]}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(member)
    local = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[local + 26 : local + 30])
    start = local + 30 + name_length + extra_length
    data[start + info.compress_size * 3 // 4] ^= 0xFF
    return bytes(data)


def xlsx_with_central_entry(member: str, *, flags: int = 0, method: int = 8) -> bytes:
    """A small workbook whose zip directory gives ``member`` other flags or method.

    Bit 0 of the flags marks a member as encrypted; method 99 is AES, which
    Python's zipfile cannot unpack.
    """
    data = bytearray(xlsx_bytes({"Medarbejdere": [HEADER_DA]}))
    name = member.encode()
    entry = data.index(b"PK\x01\x02")
    while _entry_name(data, entry) != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 8 : entry + 12] = struct.pack("<HH", flags, method)
    return bytes(data)


def _entry_name(data: bytearray, entry: int) -> bytes:
    (length,) = struct.unpack("<H", data[entry + 28 : entry + 30])
    return bytes(data[entry + 46 : entry + 46 + length])
