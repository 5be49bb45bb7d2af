"""Admin for the fund's rules and agreements, and the applications read-only.

Rules and agreements are the data the fund changes over time, kept here by
the system administrator. Applications move only through the funding services
(signatures, deadline, cap), so the admin shows them without edits.
"""

from django import forms
from django.contrib import admin

from employees.access import Kind, access_for
from employees.admin import ReadOnlyAdmin
from employees.forms import ask
from employees.models import EmployeeAccessLog
from employees.services import employee_access_log
from funding import services
from funding.models import (
    Agreement,
    FundApplication,
    FundApplicationLine,
    FundRule,
    FundSignature,
)


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    autocomplete_fields = ("job_roles",)


class FundRuleForm(forms.ModelForm):
    """Periods of one kind never overlap (the rule service's check)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("education_kind") and cleaned.get("valid_from"):
            ask(
                self,
                services.fund_rule_validate,
                education_kind=cleaned["education_kind"],
                valid_from=cleaned["valid_from"],
                valid_to=cleaned.get("valid_to"),
                exclude_pk=self.instance.pk,
            )
        return cleaned


@admin.register(FundRule)
class FundRuleAdmin(admin.ModelAdmin):
    form = FundRuleForm
    list_display = (
        "education_kind",
        "valid_from",
        "valid_to",
        "percentage",
        "cap",
        "cap_months",
    )
    list_filter = ("education_kind",)
    search_fields = ("note",)
    autocomplete_fields = ("eligible_agreements",)

    def save_model(self, request, obj, form, change):
        services.fund_rule_save(rule=obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyInline):
    model = FundApplicationLine
    fields = ("employee", "department", "enrollment", "amount", "workplace_share")


class SignatureInline(ReadOnlyInline):
    model = FundSignature
    fields = ("role", "name", "signed_at")


@admin.register(FundApplication)
class FundApplicationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "course", "state", "applied_on", "amount_applied")
    list_filter = ("state", "education_kind")
    search_fields = ("=id", "course__title")
    list_select_related = ("course",)
    inlines = (LineInline, SignatureInline)
    show_full_result_count = False

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        # HR staff let into the admin see the applications of their subtree.
        lines = FundApplicationLine.objects.filter(
            access_for(request.user).q("employee__department", Kind.HR)
        )
        return rows.filter(pk__in=lines.values("application_id"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # An application shows each participant's details: log who looked.
        application = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and application is not None:
            for line in application.lines.select_related("employee"):
                employee_access_log(
                    viewer=request.user,
                    employee=line.employee,
                    channel=EmployeeAccessLog.Channel.ADMIN,
                    request=request,
                )
        return response
