"""A workbook to fill in: the documented columns of an HR import, one sheet
per kind, each header explained in a note. Uploaded as it is, it imports
nothing, so a forgotten example row can never create an employee."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from employees.imports.columns import DEPARTMENT_COLUMNS, EMPLOYEE_COLUMNS, ROLE_COLUMNS

SHEETS = (
    ("Medarbejdere", EMPLOYEE_COLUMNS),
    ("Afdelinger", DEPARTMENT_COLUMNS),
    ("Stillinger", ROLE_COLUMNS),
)
HEADER_FONT = Font(bold=True)


def column_help() -> dict[str, str]:
    """What each column holds, by column key, in the active language."""
    return {
        "employee_number": _("Required. The key: unique within the municipality."),
        "name": _("Required. The full name."),
        "work_email": _("Optional. A valid e-mail address."),
        "department_code": _(
            "Required. The code of an existing department or one on the "
            "Afdelinger sheet."
        ),
        "job_role": _("Optional. Created when new."),
        "is_manager": _("Optional. ja/nej, yes/no, x, 1/0."),
        "employment_start": _("Optional. A date: 2024-03-01 or 01-03-2024."),
        "employment_end": _("Optional. A date, not in the future."),
        "code": _("Required. The key within the municipality."),
        "parent_code": _("Optional. Empty: directly under the municipality."),
        "description": _("Optional."),
    }


def import_template(*, out) -> None:
    """Write the template workbook to ``out`` (a path or a binary file)."""
    wb = Workbook()
    wb.remove(wb.active)
    explained = column_help()
    for title, columns in SHEETS:
        ws = wb.create_sheet(title)
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.label)
            cell.font = HEADER_FONT
            text = explained.get(column.key) or (
                _("Required.") if column.required else _("Optional.")
            )
            cell.comment = Comment(text, "Kyndig")
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(len(column.label) + 4, 16)
        ws.freeze_panes = "A2"
    wb.save(out)
