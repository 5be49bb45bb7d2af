from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("Organisation and employees")

    def ready(self):
        # Models exist only once apps are ready, hence the import here.
        from employees import audit

        audit.track_organisation()
