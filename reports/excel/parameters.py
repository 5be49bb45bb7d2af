"""The sheet that states a report's parameters, definitions and creation time."""

from datetime import date

from django.utils.translation import gettext as _

from api.xlsx import DATETIME, header_row, print_setup, styled, text_cell

from . import labels


def parameters_sheet(wb, parameters: list[tuple[str, object]]) -> None:
    ws = wb.create_sheet(_("Parameters"))
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 100
    print_setup(ws)
    ws.append(header_row(ws, [_("Parameter"), _("Value")]))
    for name, value in parameters:
        ws.append([text_cell(ws, name), _value(ws, value)])
    ws.append([])
    ws.append(header_row(ws, [_("Definition"), _("Meaning")]))
    for name, meaning in labels.definitions():
        ws.append([text_cell(ws, name), text_cell(ws, meaning)])


def _value(ws, value):
    if isinstance(value, date):
        return styled(ws, value, DATETIME)
    if isinstance(value, str):
        return text_cell(ws, value)
    return value
