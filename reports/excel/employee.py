"""One employee's competence sheet for the appraisal conversation (MUS)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from api.xlsx import (
    DATE,
    DATETIME,
    LABEL_FONT,
    finish_table,
    fitted_widths,
    header_height,
    header_row,
    local_date,
    print_setup,
    start_table,
    styled,
    text_cell,
)

from .parameters import parameters_sheet

LINK_FONT = Font(color="0563C1", underline="single")


def employee_workbook(
    *,
    out,
    competences,
    stage_name: str,
    history: list,
    suggestions: list[dict],
    parameters: list[tuple[str, object]],
    conversation_url: str = "",
) -> None:
    """``competences`` is ``competences.levels.employee_levels``'s result;
    ``conversation_url`` links the appraisal-talk page (for those who assess)."""
    wb = Workbook(write_only=True)
    _competence_sheet(wb, competences, stage_name, conversation_url)
    _history_sheet(wb, history)
    _suggestion_sheet(wb, suggestions)
    parameters_sheet(wb, parameters)
    wb.save(out)


def _competence_sheet(wb, competences, stage_name: str, url: str) -> None:
    ws = wb.create_sheet(_("Competences"))
    titles = [
        _("Code"),
        _("Competence"),
        _("Target"),
        _("Current level"),
        _("Self-assessment"),
        _("Gap"),
        _("Last assessed"),
    ]
    widths = fitted_widths(titles, [8, 72, 9, 13, 15, 8, 14])
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # The table starts below a block that names the employee and the totals.
    ws.freeze_panes = "A7"
    print_setup(ws, title_row=6)
    ws.row_dimensions[6].height = header_height(titles, widths)
    met = _("Yes") if competences.target_met else _("No")
    for label, value in (
        (_("Name"), text_cell(ws, competences.employee.name)),
        (_("Stage"), text_cell(ws, stage_name)),
        (_("Overall level"), competences.overall_level),
        (_("Target met"), met),
    ):
        ws.append([text_cell(ws, label, font=LABEL_FONT), value])
    ws.append([_link(ws, url)] if url else [])
    ws.append(header_row(ws, titles))
    for row in competences.rows:
        ws.append(
            [
                text_cell(ws, row.competence.code),
                text_cell(ws, row.competence.name),
                row.target_level,
                row.current_level,
                row.self_level,
                row.gap,
                styled(ws, local_date(row.last_assessed_at), DATE),
            ]
        )
    ws.auto_filter.ref = f"A6:G{6 + len(competences.rows)}"


def _link(ws, url: str):
    # A font, not the named style "Hyperlink": binding a built-in named style
    # keeps the workbook alive after its download.
    cell = text_cell(ws, _("Open the appraisal talk in Kyndig"), font=LINK_FONT)
    cell.hyperlink = url
    return cell


def _history_sheet(wb, history: list) -> None:
    ws = wb.create_sheet(_("History"))
    titles = [
        _("Assessed"),
        _("Code"),
        _("Competence"),
        _("Level"),
        _("Source"),
        _("Note"),
    ]
    start_table(ws, titles, [12, 8, 50, 8, 18, 60])
    for item in history:
        ws.append(
            [
                styled(ws, local_date(item.assessed_at), DATE),
                text_cell(ws, item.competence.code),
                text_cell(ws, item.competence.name),
                item.level,
                str(item.get_source_display()),
                text_cell(ws, item.note),
            ]
        )
    finish_table(ws, len(titles), len(history))


def _suggestion_sheet(wb, suggestions: list[dict]) -> None:
    ws = wb.create_sheet(_("Suggested courses"))
    titles = [
        _("Code"),
        _("Course"),
        _("Education partner"),
        _("From level"),
        _("To level"),
        _("Next session"),
    ]
    start_table(ws, titles, [8, 50, 30, 11, 11, 17])
    for item in suggestions:
        ws.append(
            [
                text_cell(ws, item["competence"]),
                text_cell(ws, item["course"]),
                text_cell(ws, item["provider"]),
                item["from_level"],
                item["to_level"],
                styled(ws, item["next_session"], DATETIME),
            ]
        )
    finish_table(ws, len(titles), len(suggestions))
