"""Forms of the organisation pages: employees, departments, roles, assessments."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from competences.models import MAX_LEVEL, MIN_LEVEL, Competence
from employees.models import Department, Employee, JobRole, RoleCompetence

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _indented(department: Department) -> str:
    return "\u2003" * department.depth + department.name


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
        self.fields["department"].label_from_instance = _indented


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "employee_number",
            "name",
            "work_email",
            "department",
            "job_role",
            "is_manager",
            "employment_start",
            "employment_end",
            "is_active",
        ]
        widgets = {"employment_start": DATE, "employment_end": DATE}

    def __init__(self, *args, departments, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = _indented
        self.fields["job_role"].queryset = roles

    def clean(self):
        cleaned = super().clean()
        department, role = cleaned.get("department"), cleaned.get("job_role")
        if department and role and role.municipality_id != department.municipality_id:
            self.add_error(
                "job_role", _("Choose a job role of the department's municipality.")
            )
        start, end = cleaned.get("employment_start"), cleaned.get("employment_end")
        if start and end and end < start:
            self.add_error(
                "employment_end", _("Employment cannot end before it starts.")
            )
        number = cleaned.get("employee_number")
        if department and number:
            taken = Employee.objects.filter(
                municipality_id=department.municipality_id, employee_number=number
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "employee_number",
                    _("This employee number is already used in the municipality."),
                )
        return cleaned


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "parent"]

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = parents
        parent.required = True
        parent.label_from_instance = _indented
        if self.instance.pk:
            # Moving a department would re-path its whole subtree; that is an
            # administrator's job, so the parent is fixed once created.
            parent.disabled = True
            parent.queryset = Department.objects.filter(pk=self.instance.parent_id)
            parent.help_text = _("A department cannot be moved here.")

    def clean(self):
        cleaned = super().clean()
        parent, code = cleaned.get("parent"), cleaned.get("code")
        if (
            parent
            and code
            and Department.objects.code_taken(
                municipality_id=parent.municipality_id,
                code=code,
                exclude_pk=self.instance.pk,
            )
        ):
            self.add_error("code", _("This code is already used in the municipality."))
        return cleaned


class JobRoleForm(forms.ModelForm):
    class Meta:
        model = JobRole
        fields = ["municipality", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if self.instance.pk:
            self.fields["municipality"].disabled = True

    def clean(self):
        cleaned = super().clean()
        municipality, name = cleaned.get("municipality"), cleaned.get("name")
        if municipality and name:
            taken = JobRole.objects.filter(
                municipality=municipality, name__iexact=name
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "name", _("A job role with this name exists in the municipality.")
                )
        return cleaned


class ProfileRowForm(forms.ModelForm):
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        choices=[(n, str(n)) for n in range(1, MAX_LEVEL + 1)],
        coerce=int,
    )

    class Meta:
        model = RoleCompetence
        fields = ["competence", "target_level"]


ProfileFormSet = inlineformset_factory(
    JobRole,
    RoleCompetence,
    form=ProfileRowForm,
    extra=3,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


class AssessmentForm(forms.Form):
    competence = forms.ModelChoiceField(
        label=_("Competence"), queryset=Competence.objects.none()
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        choices=[(n, str(n)) for n in range(MIN_LEVEL, MAX_LEVEL + 1)],
        help_text=_("0 = not assessed, 1–8 as in DigComp 2.2."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences
