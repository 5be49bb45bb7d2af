"""Review: the access bundle's workbook takes any stored text."""

import io

import openpyxl

from privacy.bundle import access_bundle, bundle_xlsx
from tests import factories
from tests.factories import competence


def test_control_characters_in_stored_text_do_not_break_the_workbook(employee):
    # Text pasted from other programs can carry control characters, which the
    # xlsx format cannot hold; the export must still be made.
    factories.AssessmentFactory(
        employee=employee, competence=competence("1.1"), note="før\x07efter\x1b"
    )
    workbook = openpyxl.load_workbook(
        io.BytesIO(bundle_xlsx(access_bundle(employee=employee)))
    )
    sheet = workbook["assessments"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("note") + 1).value == "førefter"


def test_an_error_code_lookalike_stays_text(employee):
    factories.AssessmentFactory(
        employee=employee, competence=competence("1.1"), note="#N/A"
    )
    workbook = openpyxl.load_workbook(
        io.BytesIO(bundle_xlsx(access_bundle(employee=employee)))
    )
    sheet = workbook["assessments"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("note") + 1)
    assert cell.data_type == "s"
