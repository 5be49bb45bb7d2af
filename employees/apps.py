from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "employees"
    verbose_name = _("Organisation and employees")

    def ready(self):
        # Models exist only once apps are ready, hence the import here.
        from employees import audit, sections

        audit.track_organisation()
        _menu(sections)


def _menu(sections) -> None:
    from employees.models import Employee

    def has_record(request, access):
        user = request.user
        return user.is_authenticated and Employee.objects.filter(user=user).exists()

    sections.register_menu_item(
        "my_page", _("My competences"), "my_page", order=20, visible=has_record
    )
    sections.register_menu_item(
        "employees",
        _("Employees"),
        "employee_list",
        order=30,
        visible=lambda request, access: access is not None and access.has_grants,
    )
    sections.register_menu_item(
        "departments",
        _("Departments"),
        "department_list",
        order=40,
        visible=lambda request, access: access is not None and access.is_hr,
    )
