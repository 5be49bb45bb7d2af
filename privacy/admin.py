"""The right-of-access action on the employee changelist."""

from django.contrib import admin

from employees.models import Employee
from privacy.actions import export_access_bundle

# The employee admin is the employees app's; the GDPR action is added to it
# here, so the GDPR code stays in one app (admin modules load in app order).
_employee_admin = admin.site.get_model_admin(Employee)
_employee_admin.actions = [*(_employee_admin.actions or []), export_access_bundle]
