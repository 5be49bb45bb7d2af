"""The HR action for a subject access request: the bundle as one zip download."""

import io
import zipfile

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.access import access_for
from employees.models import EmployeeAccessLog
from employees.services import employee_access_log
from privacy.bundle import access_bundle, bundle_json, bundle_xlsx


@admin.action(description=gettext_lazy("Export personal data (right of access)"))
def export_access_bundle(modeladmin, request, queryset):
    employees = list(queryset.select_related("department")[:2])
    if len(employees) != 1:
        modeladmin.message_user(
            request, _("Select exactly one employee."), level=messages.WARNING
        )
        return None
    employee = employees[0]
    if not access_for(request.user).is_hr_over(employee):
        modeladmin.message_user(
            request, _("Only HR over the employee may export."), level=messages.ERROR
        )
        return None
    employee_access_log(
        viewer=request.user, employee=employee, channel=EmployeeAccessLog.Channel.EXPORT
    )
    return bundle_response(employee)


def bundle_response(employee) -> HttpResponse:
    bundle = access_bundle(employee=employee)
    stem = f"kyndig-access-{employee.pk}-{timezone.localdate():%Y%m%d}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", bundle_json(bundle))
        archive.writestr(f"{stem}.xlsx", bundle_xlsx(bundle))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    # The id, not the name or number, so the file name carries no personal data.
    response["Content-Disposition"] = f'attachment; filename="{stem}.zip"'
    return response
