from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("Organisation and employees")

    def ready(self):
        from employees import audit

        audit.register()
        audit.register_admin()
