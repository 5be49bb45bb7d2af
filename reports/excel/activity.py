"""The course activity workbook: per course and session (DESIGN §6)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from api.xlsx import DATETIME, finish_table, start_table, styled, text_cell

from .parameters import parameters_sheet


def course_activity_workbook(
    *, out, sessions: Iterable[dict], parameters: list[tuple[str, object]]
) -> None:
    """``sessions`` are rows of ``reports.selectors.session_rows``, streamed."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Course activity"))
    titles = [
        _("Course"),
        _("Education partner"),
        _("Session"),
        _("Starts"),
        _("Location"),
        _("Cancelled"),
        _("Seats"),
        _("Enrolled"),
        _("Waitlisted"),
        _("Attended"),
        _("Completed"),
        _("Practice tasks approved"),
        _("Competence moves"),
    ]
    start_table(ws, titles, [44, 28, 18, 17, 28, 10] + [11] * 7, freeze="C2")
    yes, no = _("Yes"), _("No")
    written = 0
    for row in sessions:
        ws.append(
            [
                text_cell(ws, row["course"]),
                text_cell(ws, row["provider"]),
                text_cell(ws, row["session"]),
                styled(ws, row["starts_at"], DATETIME),
                text_cell(ws, row["location"] or ""),
                yes if row["cancelled"] else no,
                row["capacity"],
                row["enrolled"],
                row["waitlisted"],
                row["attended"],
                row["completed"],
                row["practice_tasks_approved"],
                row["competence_moves"],
            ]
        )
        written += 1
    finish_table(ws, len(titles), written)
    parameters_sheet(wb, parameters)
    wb.save(out)
