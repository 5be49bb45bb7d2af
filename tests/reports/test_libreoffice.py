"""The workbooks open in LibreOffice too (skipped where soffice is absent)."""

import csv
import shutil
import subprocess

import pytest

PROGRESS = "/api/v1/reports/department-progress/"

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def test_the_report_converts_and_hostile_text_stays_text(client, hr, hostile, tmp_path):
    client.force_login(hr)
    response = client.get(PROGRESS, HTTP_ACCEPT_LANGUAGE="en")
    source = tmp_path / "report.xlsx"
    source.write_bytes(b"".join(response.streaming_content))
    # A private profile directory keeps parallel runs from sharing one.
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            # Comma-separated, double quotes, UTF-8 (LibreOffice filter options).
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "report.csv").open(encoding="utf-8") as converted:
        rows = list(csv.reader(converted))
    assert rows[0][:3] == ["Department", "Code", "Headcount"]
    values = {value for row in rows for value in row}
    assert "'=1+1" in values  # the hostile department name, as text
    assert "2" not in {row[0] for row in rows}  # nothing evaluated =1+1
