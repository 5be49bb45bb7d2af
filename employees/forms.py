"""Forms of the organisation pages: employees and departments.

Forms check the shape of input. The rules (unique codes and numbers, a role of
the right municipality, dates in order) belong to ``employees.services``:
``clean`` asks the service's own check so a refusal shows next to its field,
and the view then writes through the service, which checks again.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from employees import services
from employees.access import access_for
from employees.models import Department, Employee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def indented(department: Department) -> str:
    """A department's name indented by its depth, for choices in a tree."""
    return "\u2003" * department.depth + department.name


def attach(form, error: ValidationError) -> None:
    """Put a service's refusal next to its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def ask(form, check, **kwargs) -> None:
    """Run a service's check; its refusals become the form's errors."""
    try:
        check(**kwargs)
    except ValidationError as error:
        attach(form, error)


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or employee number"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=None,
        required=False,
        empty_label=_("All departments"),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = indented


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        # What the employee services write, no more.
        fields = list(services.EMPLOYEE_FIELDS)
        widgets = {"employment_start": DATE, "employment_end": DATE}

    def __init__(self, *args, departments, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = indented
        self.fields["job_role"].queryset = roles

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("department") and cleaned.get("employee_number"):
            ask(
                self,
                services.employee_validate,
                department=cleaned["department"],
                employee_number=cleaned["employee_number"],
                job_role=cleaned.get("job_role"),
                employment_start=cleaned.get("employment_start"),
                employment_end=cleaned.get("employment_end"),
                exclude_pk=self.instance.pk,
            )
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned values, as the employee services take them."""
        data = self.cleaned_data
        return {name: data[name] for name in services.EMPLOYEE_FIELDS if name in data}


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "parent"]

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = parents
        parent.required = True
        parent.label_from_instance = indented
        if self.instance.pk:
            # Moving a department would re-path its whole subtree; that is an
            # administrator's job, so the parent is fixed once created.
            parent.disabled = True
            parent.queryset = Department.objects.filter(pk=self.instance.parent_id)
            parent.help_text = _("A department cannot be moved here.")

    def clean(self):
        cleaned = super().clean()
        parent, code = cleaned.get("parent"), cleaned.get("code")
        if parent and code:
            ask(
                self,
                services.department_validate,
                municipality_id=parent.municipality_id,
                code=code,
                exclude_pk=self.instance.pk,
            )
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An .xlsx or .csv export from the HR system."),
    )
    full = forms.BooleanField(
        label=_("The file lists every employee: deactivate those missing"),
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Department.objects.none(),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = access_for(user).hr_municipalities()
        self.fields["municipality"].queryset = municipalities
        # Only HR of several municipalities chooses where the file goes.
        if municipalities.count() <= 1:
            del self.fields["municipality"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than the limit of %(mb)s MB.")
                % {"mb": round(settings.IMPORT_MAX_BYTES / (1024 * 1024), 1)}
            )
        return upload
