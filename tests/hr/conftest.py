"""Builders for HR import files."""

import io

import openpyxl
import pytest
from django.utils import translation

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
