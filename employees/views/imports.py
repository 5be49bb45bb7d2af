"""The HR import page: upload, preview (a dry run) and confirm.

The uploaded file waits in an ``EmployeeImport`` row between preview and
confirm, so the confirm request may reach any worker. The preview is a fresh
dry run each time, so it shows what confirming would do now.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employees.access import access_for
from employees.forms import ImportUploadForm
from employees.imports import ImportFileError, employee_import_run, import_municipality
from employees.imports.plan import CREATE, DEACTIVATE, MOVE, UNCHANGED, UPDATE
from employees.imports.template import import_template
from employees.models import EmployeeImport

# The preview lists this many rows; the counts always cover the whole file.
PREVIEW_ROWS = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_hr(user) -> None:
    if not access_for(user).is_hr:
        raise Http404


@login_required
def import_upload(request):
    _require_hr(request.user)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("municipality")
        try:
            municipality = import_municipality(
                user=request.user, code=chosen.code if chosen else None
            )
        except (ImportFileError, PermissionDenied) as error:
            form.add_error(
                "municipality" if "municipality" in form.fields else None, str(error)
            )
        else:
            upload = form.cleaned_data["file"]
            pending = EmployeeImport.objects.create(
                municipality=municipality,
                uploaded_by=request.user,
                filename=upload.name[:255],
                content=upload.read(),
                full=form.cleaned_data["full"],
            )
            return redirect("employee_import_preview", pk=pending.pk)
    return render(request, "employees/import/upload.html", {"form": form})


def _pending(request, pk) -> EmployeeImport:
    _require_hr(request.user)
    return get_object_or_404(
        EmployeeImport, pk=pk, uploaded_by=request.user, applied_at__isnull=True
    )


def _run(request, pending: EmployeeImport, *, dry_run: bool):
    return employee_import_run(
        data=bytes(pending.content),
        filename=pending.filename,
        municipality=pending.municipality,
        user=request.user,
        dry_run=dry_run,
        full=pending.full,
    )


def action_labels() -> dict[str, str]:
    return {
        CREATE: _("New employee"),
        UPDATE: _("Updated"),
        MOVE: _("Moves to another department"),
        DEACTIVATE: _("Deactivated"),
        UNCHANGED: _("Unchanged"),
    }


def field_labels() -> dict[str, str]:
    return {
        "name": _("Name"),
        "work_email": _("Work email"),
        "department_code": _("Department code"),
        "job_role": _("Job role"),
        "is_manager": _("Manager"),
        "employment_start": _("Employment start"),
        "employment_end": _("Employment end"),
        "is_active": _("Active"),
    }


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return date_format(value)
    return str(value)


def _preview_row(row: dict, actions: dict, fields: dict) -> dict:
    """A planned change as the preview shows it: names, labels, before → after."""
    return {
        **row,
        "action_label": actions.get(row["action"], row["action"]),
        "fields": [
            (
                fields.get(key, key),
                _shown(row["before"].get(key)) if row["action"] != CREATE else "",
                _shown(row["after"].get(key)),
            )
            for key in (row["changes"] or row["after"].keys())
        ],
    }


def _render_preview(request, pending, report):
    actions, fields = action_labels(), field_labels()
    changes = [row for row in report.rows if row["action"] != UNCHANGED]
    counted = report.counts.get("employees", {})
    context = {
        "pending": pending,
        "report": report,
        "summary": [
            (actions[key], counted.get(key, 0))
            for key in (CREATE, UPDATE, MOVE, DEACTIVATE, UNCHANGED)
        ]
        + [
            (_("New departments"), report.counts.get("departments", {}).get(CREATE, 0)),
            (_("New job roles"), report.counts.get("roles", {}).get(CREATE, 0)),
        ],
        "changes": [
            _preview_row(row, actions, fields) for row in changes[:PREVIEW_ROWS]
        ],
        "more_changes": max(len(changes) - PREVIEW_ROWS, 0),
        "errors": report.errors[:PREVIEW_ROWS],
        "more_errors": max(len(report.errors) - PREVIEW_ROWS, 0),
    }
    status = 200 if report.ok else 400
    return render(request, "employees/import/preview.html", context, status=status)


@login_required
def import_preview(request, pk: int):
    pending = _pending(request, pk)
    return _render_preview(request, pending, _run(request, pending, dry_run=True))


@login_required
@require_POST
def import_confirm(request, pk: int):
    pending = _pending(request, pk)
    report = _run(request, pending, dry_run=False)
    if not report.applied:
        return _render_preview(request, pending, report)
    # The file has done its job; its personal data need not stay.
    pending.content = b""
    pending.applied_at = timezone.now()
    pending.summary = report.counts
    pending.save(update_fields=["content", "applied_at", "summary"])
    counts = report.counts["employees"]
    messages.success(
        request,
        _(
            "Import done: %(create)s created, %(update)s updated, %(move)s moved, "
            "%(deactivate)s deactivated."
        )
        % counts,
    )
    return redirect("employee_list")


@login_required
def import_template_download(request):
    """The workbook to fill in, with the documented columns."""
    _require_hr(request.user)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="kyndig-import.xlsx"'
    import_template(out=response)
    return response


# Included from employees/urls.py under "employees/import/".
urlpatterns = [
    path("", import_upload, name="employee_import"),
    path("template.xlsx", import_template_download, name="employee_import_template"),
    path("<int:pk>/", import_preview, name="employee_import_preview"),
    path("<int:pk>/confirm/", import_confirm, name="employee_import_confirm"),
]
