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

from courses import services
from courses.models import (
    Course,
    CourseOutcome,
    CoursePrerequisite,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
    PracticeTaskSubmission,
    PrerequisiteOverride,
    Provider,
    ProviderAPIKey,
)
from employees.admin import HRScoped, LoggedPersonReads, ReadOnlyAdmin
from employees.forms import attach


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


class CoursePrerequisiteInline(admin.TabularInline):
    """Shown only: partners send prerequisites in the course payload, where
    the service refuses cycles."""

    model = CoursePrerequisite
    fk_name = "course"
    fields = ("required_course", "competence", "min_level")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PrerequisiteOverride)
class PrerequisiteOverrideAdmin(SuperuserOnly, admin.ModelAdmin):
    """HR's placements despite a missing prerequisite (also in the audit trail)."""

    list_display = ("enrollment", "employee", "overridden_by", "created_at")
    search_fields = ("employee__name",)
    readonly_fields = ("enrollment", "employee", "reason", "missing", "overridden_by")
    list_select_related = ("employee", "overridden_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Courses and their outcomes are written by the catalogue services."""

    list_display = ("title", "provider", "external_id", "mode", "hours", "status")
    list_filter = ("status", "mode", "language", "provider")
    search_fields = ("title", "=external_id")
    autocomplete_fields = ("provider",)
    list_select_related = ("provider",)
    readonly_fields = ("created_at", "updated_at")
    # Prerequisites and equivalents come from the partner's payload (the
    # service checks cycles and archived courses), not from this form.
    exclude = ("equivalents",)
    inlines = (CourseOutcomeInline, CoursePrerequisiteInline)

    def get_readonly_fields(self, request, obj=None):
        # The partner's key for its course: fixed once the course exists.
        if obj is not None:
            return (*self.readonly_fields, "provider", "external_id")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Saved with its outcomes in save_related, once the inline is valid.
        pass

    def save_related(self, request, form, formsets, change):
        outcomes = [
            (row["competence"], row["from_level"], row["to_level"])
            for formset in formsets
            for row in formset.cleaned_data
            if row and not row.get("DELETE")
        ]
        values = {name: form.cleaned_data[name] for name in services.COURSE_FIELDS}
        if change:
            course = services.course_update(
                course=form.instance, outcomes=outcomes, **values
            )
        else:
            course = services.course_create(
                provider=form.cleaned_data["provider"],
                external_id=form.cleaned_data["external_id"],
                outcomes=outcomes,
                **values,
            )
        form.instance.pk = course.pk
        form.instance._state.adding = False


class CourseSessionForm(forms.ModelForm):
    """The session rules (no overbooking, no move with enrollments, an end
    after the start, a unique external id) are the catalogue services';
    ``clean`` asks them so a refusal shows next to its field."""

    def clean(self):
        cleaned = super().clean()
        course, external_id = cleaned.get("course"), cleaned.get("external_id")
        if self.errors or course is None:
            return cleaned
        values = {name: cleaned.get(name) for name in services.SESSION_FIELDS}
        if "waitlist_order" not in cleaned:  # read-only here: keep the stored one
            values.pop("waitlist_order")
        self.written = None
        try:
            # The admin wraps the whole request in one transaction, so the
            # write itself is the check; save_model adopts its result.
            if self.instance.pk:
                self.written = services.session_update(
                    session=self.instance, actor=self.user, **values
                )
            else:
                self.written = services.session_create(
                    external_id=external_id, actor=self.user, **values
                )
        except ValidationError as error:
            attach(self, error)
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
    # Cancelling is a workflow step (it cancels every place), not a checkbox.
    # The waitlist order is set through the session API (partners, DESIGN §9).
    readonly_fields = ("provider", "is_cancelled", "cancelled_at", "waitlist_order")
    date_hierarchy = "starts_at"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "external_id")
        return self.readonly_fields

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
        # The form's clean() wrote the session through the service.
        obj.pk = form.written.pk
        obj._state.adding = False


@admin.register(Enrollment)
class EnrollmentAdmin(LoggedPersonReads, HRScoped, ReadOnlyAdmin):
    scope = "employee__department"
    list_display = ("employee", "course", "session", "status", "created_at")
    list_filter = ("status", "session__provider")
    search_fields = ("employee__name", "=employee__employee_number", "course__title")
    list_select_related = ("employee", "course", "session", "session__course")
    show_full_result_count = False
    autocomplete_fields = ("employee", "session", "requested_by", "approved_by")


@admin.register(PracticeTaskSubmission)
class PracticeTaskSubmissionAdmin(LoggedPersonReads, HRScoped, ReadOnlyAdmin):
    person = "employee"
    scope = "employee__department"
    list_display = (
        "employee",
        "enrollment",
        "task_title",
        "status",
        "submitted_at",
        "reviewed_at",
    )
    list_filter = ("status",)
    search_fields = ("employee__name", "=employee__employee_number")
    list_select_related = ("employee", "enrollment")
    show_full_result_count = False
    autocomplete_fields = ("employee", "enrollment", "submitted_by", "reviewed_by")
