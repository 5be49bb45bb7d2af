"""The HR import page: upload, preview (a dry run) and confirm.

The uploaded file waits in an ``EmployeeImport`` row between preview and
confirm, so the confirm request may reach any worker. The preview is a fresh
dry run each time, so it shows what confirming would do now.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employees.access import access_for
from employees.forms import ImportUploadForm
from employees.imports import ImportFileError, employee_import_run, import_municipality
from employees.imports.plan import UNCHANGED
from employees.models import EmployeeImport

# The preview lists this many rows; the counts always cover the whole file.
PREVIEW_ROWS = 500


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


def _render_preview(request, pending, report):
    changes = [row for row in report.rows if row["action"] != UNCHANGED]
    context = {
        "pending": pending,
        "report": report,
        "changes": changes[:PREVIEW_ROWS],
        "more_changes": max(len(changes) - PREVIEW_ROWS, 0),
        "errors": report.errors[:PREVIEW_ROWS],
        "more_errors": max(len(report.errors) - PREVIEW_ROWS, 0),
        "counts": report.counts.get("employees", {}),
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


# Included from employees/urls.py under "employees/import/".
urlpatterns = [
    path("", import_upload, name="employee_import"),
    path("<int:pk>/", import_preview, name="employee_import_preview"),
    path("<int:pk>/confirm/", import_confirm, name="employee_import_confirm"),
]
