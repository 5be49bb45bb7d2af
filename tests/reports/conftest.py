import io
import zipfile

import pytest
from openpyxl import load_workbook


def workbook_of(response):
    """The workbook of an xlsx response, loaded from its bytes."""
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)), content


def sheet_xml(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        }


def all_strings(workbook) -> set[str]:
    return {
        cell.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
