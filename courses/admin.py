"""Admin for partners, their keys, the catalogue and the enrollment records.

Enrollments and practice-task reviews move only through the workflow services
(capacity, the waitlist and course assessments depend on it), so the admin
shows them read-only.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin

from courses.models import (
    Course,
    CourseOutcome,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
    PracticeTaskSubmission,
    Provider,
    ProviderAPIKey,
)
from courses.services import session_fill_waitlist
from courses.services.sessions import session_change_check
from employees.admin import HRScoped, ReadOnlyAdmin


class SuperuserOnly:
    """Mixin for rows that belong to no municipality: partners' keys, replays."""

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if request.user.is_superuser else rows.none()


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "contact_email", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    # A website typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProviderAPIKey)
class ProviderAPIKeyAdmin(SuperuserOnly, APIKeyModelAdmin):
    """Partner keys: the library stores only a hash and shows the key once."""

    list_display = (*APIKeyModelAdmin.list_display, "provider")
    list_filter = ("revoked", "provider")
    search_fields = (*APIKeyModelAdmin.search_fields, "provider__name")
    autocomplete_fields = ("provider",)
    list_select_related = ("provider",)


class CourseOutcomeInline(admin.TabularInline):
    model = CourseOutcome
    autocomplete_fields = ("competence",)
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "external_id", "mode", "hours", "status")
    list_filter = ("status", "mode", "language", "provider")
    search_fields = ("title", "=external_id")
    autocomplete_fields = ("provider",)
    list_select_related = ("provider",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (CourseOutcomeInline,)


class CourseSessionForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        course, external_id = cleaned.get("course"), cleaned.get("external_id")
        # The provider is copied from the course, so Django's unique check
        # cannot see this constraint; without this the database would 500.
        if course and external_id:
            taken = CourseSession.objects.filter(
                provider_id=course.provider_id, external_id=external_id
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "external_id",
                    _("The partner already has a session with this external id."),
                )
        if self.instance.pk:
            # The same rules as the partner API: no overbooking, no move.
            # (The instance still holds the saved values until after clean.)
            try:
                session_change_check(
                    self.instance, course=course, capacity=cleaned.get("capacity")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(CourseSession)
class CourseSessionAdmin(admin.ModelAdmin):
    form = CourseSessionForm
    list_display = (
        "course",
        "external_id",
        "starts_at",
        "location",
        "capacity",
        "enrolled",
        "is_cancelled",
    )
    list_filter = ("is_cancelled", "provider")
    search_fields = ("course__title", "=external_id", "location")
    autocomplete_fields = ("course",)
    list_select_related = ("course",)
    readonly_fields = ("provider",)
    date_hierarchy = "starts_at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _enrolled=Count(
                    "enrollments",
                    filter=Q(enrollments__status=EnrollmentStatus.ENROLLED),
                )
            )
        )

    @admin.display(description=_("enrolled"), ordering="_enrolled")
    def enrolled(self, obj):
        return obj._enrolled

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More seats go to the waitlist, as when a partner adds them.
            session_fill_waitlist(session=obj)


@admin.register(Enrollment)
class EnrollmentAdmin(HRScoped, ReadOnlyAdmin):
    scope = "employee__department__path"
    list_display = ("employee", "course", "session", "status", "created_at")
    list_filter = ("status", "session__provider")
    search_fields = ("employee__name", "=employee__employee_number", "course__title")
    list_select_related = ("employee", "course", "session", "session__course")
    show_full_result_count = False
    autocomplete_fields = ("employee", "session", "requested_by", "approved_by")


@admin.register(PracticeTaskSubmission)
class PracticeTaskSubmissionAdmin(HRScoped, ReadOnlyAdmin):
    scope = "enrollment__employee__department__path"
    list_display = ("enrollment", "employee", "status", "submitted_at", "reviewed_at")
    list_filter = ("status",)
    search_fields = (
        "enrollment__employee__name",
        "=enrollment__employee__employee_number",
    )
    list_select_related = ("enrollment__employee",)
    show_full_result_count = False
    autocomplete_fields = ("enrollment", "submitted_by", "reviewed_by")

    @admin.display(description=_("employee"))
    def employee(self, obj):
        return obj.enrollment.employee
