"""Workbooks of the funding app: they take rows and never query.

Every text a user typed (names, course titles, departments) goes through the
formula-injection rule of ``api.xlsx``.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

from api.xlsx import (
    DATE,
    DATETIME,
    DECIMAL,
    HEADER_FONT,
    finish_table,
    header_row,
    indented,
    start_table,
    styled,
    text_cell,
)

AMOUNTS = ("applied", "granted", "paid")


def funding_titles() -> list[str]:
    """The funding sheet's header, in the language of the request."""
    return [
        _("Department"),
        _("Code"),
        _("Participants"),
        _("Applied for (DKK)"),
        _("Granted (DKK)"),
        _("Paid (DKK)"),
    ]


def funding_workbook(*, out, rows: list[dict], parameters: list[tuple]) -> None:
    """The figures of ``funding.figures.funding_figures``, one row each."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Funding"))
    titles = funding_titles()
    start_table(ws, titles, [44, 14, 13, 18, 18, 18], freeze="C2")
    top = min((row["depth"] for row in rows), default=0)
    for row in rows:
        ws.append(
            [
                indented(ws, row["name"], row["depth"] - top),
                text_cell(ws, row["code"]),
                row["participants"],
                *(styled(ws, row[key], DECIMAL) for key in AMOUNTS),
            ]
        )
    finish_table(ws, len(titles), len(rows))
    _parameters(wb, parameters)
    wb.save(out)


def application_workbook(*, out, summary: dict) -> None:
    """One application: its facts, its participants and its signatures."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Application"))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    for label, value, number_format in summary["facts"]:
        ws.append(
            [text_cell(ws, label, font=HEADER_FONT), _value(ws, value, number_format)]
        )
    _participants(wb, summary["participants"])
    _signatures(wb, summary["signatures"])
    wb.save(out)


def _value(ws, value, number_format):
    if isinstance(value, str):
        return text_cell(ws, value)
    return styled(ws, value, number_format)


def _participants(wb, participants: Iterable[dict]) -> None:
    ws = wb.create_sheet(_("Participants"))
    titles = [
        _("Name"),
        _("Employee number"),
        _("Department"),
        _("Session starts"),
        _("Amount applied for (DKK)"),
        _("Workplace share (DKK)"),
    ]
    start_table(ws, titles, [30, 16, 34, 17, 22, 22])
    written = 0
    for row in participants:
        ws.append(
            [
                text_cell(ws, row["name"]),
                text_cell(ws, row["employee_number"]),
                text_cell(ws, row["department"]),
                styled(ws, row["starts_at"], DATETIME),
                styled(ws, row["amount"], DECIMAL),
                styled(ws, row["workplace_share"], DECIMAL),
            ]
        )
        written += 1
    finish_table(ws, len(titles), written)


def _signatures(wb, signatures: Iterable[dict]) -> None:
    ws = wb.create_sheet(_("Signatures"))
    titles = [_("Signed as"), _("Name"), _("Signed at")]
    start_table(ws, titles, [26, 34, 17], freeze="A2")
    written = 0
    for row in signatures:
        ws.append(
            [
                text_cell(ws, row["role"]),
                text_cell(ws, row["name"]),
                styled(ws, row["signed_at"], DATETIME),
            ]
        )
        written += 1
    finish_table(ws, len(titles), written)


def _parameters(wb, parameters: list[tuple]) -> None:
    ws = wb.create_sheet(_("Parameters"))
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 100
    ws.append(header_row(ws, [_("Parameter"), _("Value")]))
    for name, value in parameters:
        ws.append([text_cell(ws, name), _value(ws, value, _format_of(value))])


def _format_of(value) -> str | None:
    if isinstance(value, datetime):
        return DATETIME
    if isinstance(value, date):
        return DATE
    return None
