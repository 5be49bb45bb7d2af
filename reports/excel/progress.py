"""The department progress workbook (DESIGN §6)."""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from api.xlsx import (
    DATE,
    DECIMAL,
    EXCEL_MAX_ROWS,
    PERCENT,
    Table,
    finish_table,
    print_setup,
    start_table,
    table_sheet,
    text_cell,
)

from . import labels
from .parameters import parameters_sheet

# The chart shows the top of the tree; a bar per department of a whole
# country would be unreadable.
CHART_MAX_DEPTH = 1
CHART_MAX_BARS = 60
CHART_INDENT = "– "
# The stages from light to dark, as on the dashboard.
STAGE_COLOURS = ("9E9E9E", "A6C3E3", "5B8FC7", "1F5A96", "0B2F55")


def department_progress_workbook(
    *,
    out,
    summary: list[dict],
    matrix: dict,
    stages: list,
    parameters: list[tuple[str, object]],
    employees: Iterable[dict] | None = None,
) -> None:
    """Write the workbook to ``out`` (a path or a binary file).

    ``summary`` are the rows of ``figures.department_figures``, ``matrix`` the
    result of ``figures.competence_matrix``; ``employees`` (HR and managers
    only) is an iterator of employee rows, written as it streams.
    """
    wb = Workbook(write_only=True)
    top = min((row["depth"] for row in summary), default=0)
    summary_sheet(wb, summary, stages, top)
    chart_sheet(wb, summary, stages, top)
    matrix_sheet(wb, matrix, top)
    if employees is not None:
        employee_sheets(wb, employees, matrix["competences"])
    parameters_sheet(wb, parameters)
    wb.save(out)


def summary_sheet(wb, rows: list[dict], stages, top: int) -> None:
    ws = table_sheet(wb, _("Summary"))
    titles = labels.summary_headers(stages)
    start_table(ws, titles, [40, 12, 11] + [13] * (len(titles) - 3), freeze="C2")
    table = Table(
        ws,
        [None, None, None]
        + [None, PERCENT] * len(stages)
        + [PERCENT, PERCENT, DECIMAL, None, None, None, None],
    )
    for row in rows:
        table.append(summary_values(row, stages), indent=row["depth"] - top)
    finish_table(ws, len(titles), len(rows))


def summary_values(row: dict, stages) -> list:
    place = [row["name"], row["code"]]
    if row["suppressed"]:
        # Too small a group for its reader to see figures of (DESIGN §4).
        return [*place, f"< {settings.PRIVACY_MIN_GROUP}"]
    values = [*place, row["headcount"]]
    for stage in stages:
        item = row["stages"][stage.code]
        values += [item["count"], item["share"]]
    return values + [
        row["proficient_share"],
        row["target_met_share"],
        row["mean_level"],
        row["moved_up"],
        row["active_enrollments"],
        row["completions"],
        row["practice_tasks_verified"],
    ]


def chart_sheet(wb, rows: list[dict], stages, top: int) -> None:
    """A chart of the top departments' stage shares, alone on a sheet that
    prints as one landscape page, and its numbers on the next sheet."""
    chart_ws = wb.create_sheet(_("Chart"))
    ws = wb.create_sheet(_("Chart data"))
    shown = [
        r for r in rows if r["depth"] - top <= CHART_MAX_DEPTH and not r["suppressed"]
    ][:CHART_MAX_BARS]
    start_table(ws, [_("Department")] + [s.name for s in stages], [40] + [14] * 5)
    for row in shown:
        # A dash per level, not a cell indent: the chart's labels (aligned
        # to the bars) show the hierarchy too.
        name = CHART_INDENT * (row["depth"] - top) + row["name"]
        counts = [row["stages"][s.code]["count"] for s in stages]
        ws.append([text_cell(ws, name), *counts])
    print_setup(chart_ws, title_row=0)
    chart_ws.page_setup.fitToHeight = 1
    if shown:
        chart_ws.add_chart(_stage_chart(ws, stages, len(shown)), "A1")


def _stage_chart(ws, stages, bars: int) -> BarChart:
    """Each department's employees as shares of 100 % per stage, so a small
    department reads as well as the municipality, every label shown."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "percentStacked"
    chart.overlap = 100
    chart.title = _("Share of employees per stage")
    data = Reference(ws, min_col=2, max_col=1 + len(stages), min_row=1)
    data.max_row = bars + 1
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=bars + 1))
    chart.y_axis.title = _("Share of employees")
    chart.y_axis.number_format = "0%"
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.tickLblSkip = 1
    chart.legend.position = "b"
    # The size of a landscape A4 page inside its margins, in centimetres.
    chart.width, chart.height = 27, 17
    for series, colour in zip(chart.series, STAGE_COLOURS, strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    return chart


def matrix_sheet(wb, matrix: dict, top: int) -> None:
    """Mean current level and share at target per department and competence."""
    ws = table_sheet(wb, _("Competences"))
    competences = matrix["competences"]
    titles = [_("Department"), _("Code")]
    for competence in competences:
        titles += [
            _("%(code)s mean level") % {"code": competence.code},
            _("%(code)s at target") % {"code": competence.code},
        ]
    start_table(ws, titles, [40, 12] + [11] * (len(titles) - 2), freeze="C2")
    table = Table(ws, [None, None] + [DECIMAL, PERCENT] * len(competences))
    codes = [competence.code for competence in competences]
    for row in matrix["rows"]:
        values = [row["name"], row["code"]]
        if not row["suppressed"]:
            for code in codes:
                cell = row["cells"][code]
                values += [cell["mean_level"], cell["target_share"]]
        table.append(values, indent=row["depth"] - top)
    count = len(matrix["rows"])
    finish_table(ws, len(titles), count)
    if competences and count:
        _colour_scales(ws, len(competences), count)


def _colour_scales(ws, competences: int, rows: int) -> None:
    last = rows + 1
    levels = " ".join(
        f"{get_column_letter(3 + 2 * i)}2:{get_column_letter(3 + 2 * i)}{last}"
        for i in range(competences)
    )
    shares = " ".join(
        f"{get_column_letter(4 + 2 * i)}2:{get_column_letter(4 + 2 * i)}{last}"
        for i in range(competences)
    )
    scale = {"start_color": "F8696B", "mid_color": "FFEB84", "end_color": "63BE7B"}
    ws.conditional_formatting.add(
        levels,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            mid_type="num",
            mid_value=4,
            end_type="num",
            end_value=8,
            **scale,
        ),
    )
    ws.conditional_formatting.add(
        shares,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            mid_type="num",
            mid_value=0.5,
            end_type="num",
            end_value=1,
            **scale,
        ),
    )


def employee_sheets(wb, employees: Iterable[dict], competences) -> None:
    """One row per employee; a new sheet whenever Excel's row limit is reached."""
    titles = labels.employee_headers(competences)
    widths = [30, 14, 30, 24, 22, 10, 10, 12] + [9] * (2 * len(competences))
    stream: Iterator[dict] = iter(employees)
    part = 1
    while True:
        name = _("Employees") if part == 1 else f"{_('Employees')} {part}"
        ws = table_sheet(wb, name)
        start_table(ws, titles, widths)
        table = Table(ws, [None] * 7 + [DATE] + [None] * (2 * len(competences)))
        written = _employee_rows(table, stream, competences, EXCEL_MAX_ROWS - 1)
        finish_table(ws, len(titles), written)
        if written < EXCEL_MAX_ROWS - 1:
            return
        part += 1


def _employee_rows(table: Table, stream, competences, limit: int) -> int:
    # A million rows at most: plain values through the table writer (text
    # made safe there).
    yes, no = _("Yes"), _("No")
    tz = timezone.get_current_timezone()
    pks = [competence.pk for competence in competences]
    missing = (None, None)
    written = 0
    for employee in stream:
        levels = employee["levels"]
        last = employee["last_assessed"]
        values = [
            employee["name"],
            employee["employee_number"],
            employee["department"],
            employee["role"] or "",
            employee["stage_name"],
            employee["overall_level"],
            yes if employee["target_met"] else no,
            last.astimezone(tz).date() if last else None,
        ]
        values += [value for pk in pks for value in levels.get(pk, missing)]
        table.append(values)
        written += 1
        if written == limit:
            break
    return written
