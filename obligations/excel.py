"""The compliance workbook (DESIGN §9, §6): it takes rows and never queries.

Sheets: Requirements (per department and requirement, count and share per
status), Campaigns (per department and campaign, tried by managers, staff and
all), People (per person and requirement; for HR and managers only) and
Parameters. Every user-typed text goes through ``api.xlsx``'s formula rule.
"""

from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

from api.xlsx import (
    DATE,
    DATETIME,
    PERCENT,
    finish_table,
    header_row,
    indented,
    start_table,
    styled,
    text_cell,
)
from obligations.status import STATUS_LABELS, STATUSES

GROUPS = ("managers", "staff", "all")


def requirement_titles() -> list[str]:
    titles = [_("Requirement"), _("Department"), _("Code"), _("People")]
    for key in STATUSES:
        label = str(STATUS_LABELS[key])
        titles += [label, _("%(status)s (share)") % {"status": label}]
    return titles


def campaign_titles() -> list[str]:
    return [
        _("Campaign"),
        _("Department"),
        _("Code"),
        _("Managers tried"),
        _("Managers"),
        _("Managers (share)"),
        _("Staff tried"),
        _("Staff"),
        _("Staff (share)"),
        _("All tried"),
        _("All"),
        _("All (share)"),
    ]


def compliance_workbook(
    *, out, requirements: list, campaigns: list, people: list | None, parameters
) -> None:
    """``requirements``: (name, rows) per requirement, rows as the JSON of
    /progress/requirements/; ``campaigns`` likewise; ``people``: (requirement
    name, department name, person row) or None when the user may not see them."""
    wb = Workbook(write_only=True)
    _requirements(wb, requirements)
    _campaigns(wb, campaigns)
    if people is not None:
        _people(wb, people)
    _parameters(wb, parameters)
    wb.save(out)


def _requirements(wb, requirements) -> None:
    ws = wb.create_sheet(_("Requirements"))
    titles = requirement_titles()
    start_table(ws, titles, [30, 40, 12, 10] + [11, 11] * len(STATUSES), freeze="D2")
    written = 0
    for name, rows in requirements:
        top = min((row["depth"] for row in rows), default=0)
        for row in rows:
            cells = [
                text_cell(ws, name),
                indented(ws, row["name"], row["depth"] - top),
                text_cell(ws, row["code"]),
            ]
            if row["suppressed"]:
                cells.append(text_cell(ws, "< 5"))
            else:
                cells.append(row["headcount"])
                for key in STATUSES:
                    figure = row["statuses"][key]
                    cells += [figure["count"], styled(ws, figure["share"], PERCENT)]
            ws.append(cells)
            written += 1
    finish_table(ws, len(titles), written)


def _campaigns(wb, campaigns) -> None:
    ws = wb.create_sheet(_("Campaigns"))
    titles = campaign_titles()
    start_table(ws, titles, [30, 40, 12] + [11] * 9, freeze="D2")
    written = 0
    for name, rows in campaigns:
        top = min((row["depth"] for row in rows), default=0)
        for row in rows:
            cells = [
                text_cell(ws, name),
                indented(ws, row["name"], row["depth"] - top),
                text_cell(ws, row["code"]),
            ]
            if row["suppressed"]:
                cells.append(text_cell(ws, "< 5"))
            else:
                for group in GROUPS:
                    figure = row["tried"][group]
                    cells += [
                        figure["count"],
                        figure["of"],
                        styled(ws, figure["share"], PERCENT),
                    ]
            ws.append(cells)
            written += 1
    finish_table(ws, len(titles), written)


def _people(wb, people) -> None:
    ws = wb.create_sheet(_("People"))
    titles = [
        _("Requirement"),
        _("Name"),
        _("Department"),
        _("Status"),
        _("Due"),
        _("Lapses"),
    ]
    start_table(ws, titles, [30, 30, 34, 12, 12, 12], freeze="C2")
    written = 0
    for requirement, department, row in people:
        ws.append(
            [
                text_cell(ws, requirement),
                text_cell(ws, row.name),
                text_cell(ws, department),
                text_cell(ws, str(row.label)),
                styled(ws, row.due_on, DATE),
                styled(ws, row.lapses_on, DATE),
            ]
        )
        written += 1
    finish_table(ws, len(titles), written)


def _parameters(wb, parameters) -> None:
    ws = wb.create_sheet(_("Parameters"))
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 100
    ws.append(header_row(ws, [_("Parameter"), _("Value")]))
    for name, value in parameters:
        if isinstance(value, datetime):
            cell = styled(ws, value, DATETIME)
        elif isinstance(value, date):
            cell = styled(ws, value, DATE)
        else:
            cell = text_cell(ws, str(value))
        ws.append([text_cell(ws, name), cell])
