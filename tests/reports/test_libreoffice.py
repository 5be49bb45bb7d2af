"""The workbooks open and print in LibreOffice too (skipped where soffice is
absent; the page texts need poppler's pdftotext)."""

import csv
import io
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests import factories

PROGRESS = "/api/v1/reports/department-progress/"

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]")
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _convert(tmp_path, name: str, content: bytes, to: str = "pdf"):
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(content)
    # A private profile directory keeps parallel runs from sharing one.
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return tmp_path / f"{name}.{to.split(':')[0]}"


def _pages(pdf) -> tuple[int, list[tuple[float, float]]]:
    """How many pages, and every page size the file names (LibreOffice names
    the size on each page and once more on the page tree)."""
    data = pdf.read_bytes()
    sizes = [(float(w), float(h)) for w, h in MEDIA_BOX.findall(data)]
    return len(PAGE.findall(data)), sizes


def _download(client, user, url) -> bytes:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _only(content: bytes, sheet: str) -> bytes:
    """The workbook with one sheet left, to see how that sheet prints."""
    workbook = load_workbook(io.BytesIO(content))
    for name in workbook.sheetnames:
        if name != sheet:
            del workbook[name]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def departments(municipality, department):
    """Sixty departments under the demo forvaltning, three people in each."""
    made = []
    for number in range(60):
        unit = factories.DepartmentFactory(parent=department, name=f"Team {number:02d}")
        for _ in range(3):
            factories.EmployeeFactory(department=unit)
        made.append(unit)
    return made


@pytest.mark.parametrize(
    "url",
    [
        PROGRESS,
        "/api/v1/reports/course-activity/",
        "/api/v1/reports/employee/{employee}/",
    ],
)
def test_every_workbook_prints_to_pdf_on_landscape_pages(
    client, hr, scene, employee, tmp_path, url
):
    content = _download(client, hr, url.format(employee=employee.pk))
    pages, sizes = _pages(_convert(tmp_path, "report", content))
    assert pages >= 1
    assert all(width > height for width, height in sizes)


def test_the_summary_prints_on_as_few_landscape_pages_as_its_rows_need(
    client, hr, departments, tmp_path
):
    content = _download(client, hr, PROGRESS)
    summary = _only(content, "Summary")
    pages, sizes = _pages(_convert(tmp_path, "summary", summary))
    # 63 rows (kommune, forvaltning, afdeling and 60 teams) with every column:
    # one landscape page (before, the demo's summary printed on 81 portrait
    # pages, a few columns at a time).
    assert pages == 1
    assert all(width > height for width, height in sizes)


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler's pdftotext is not installed")
def test_the_chart_prints_on_one_page_of_its_own(client, hr, departments, tmp_path):
    content = _download(client, hr, PROGRESS)
    pdf = _convert(tmp_path, "report", content)
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = text.split("\f")
    with_chart = [page for page in pages if "Share of employees per stage" in page]
    assert len(with_chart) == 1
    # Nothing else shares the chart's page: no table header beside it.
    assert "Headcount" not in with_chart[0]


def test_the_report_converts_and_hostile_text_stays_text(client, hr, hostile, tmp_path):
    content = _download(client, hr, PROGRESS)
    # Comma-separated, double quotes, UTF-8 (LibreOffice filter options).
    csv_file = _convert(
        tmp_path, "report", content, "csv:Text - txt - csv (StarCalc):44,34,76"
    )
    with csv_file.open(encoding="utf-8") as converted:
        rows = list(csv.reader(converted))
    assert rows[0][:3] == ["Department", "Code", "Headcount"]
    values = {value for row in rows for value in row}
    assert "'=1+1" in values  # the hostile department name, as text
    assert "2" not in {row[0] for row in rows}  # nothing evaluated =1+1
