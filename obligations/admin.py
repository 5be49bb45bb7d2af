"""Requirements and campaigns in the admin: read-only for superusers.

Every write goes through ``obligations.services`` (HR's pages and the API),
which check audiences, scope and dates; the admin shows what is there.
"""

from django.contrib import admin

from obligations.models import Campaign, CampaignTry, DueNotice, Exemption, Requirement


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if request.user.is_superuser else rows.none()


@admin.register(Requirement)
class RequirementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "due_on", "due_days", "recurrence_months")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Campaign)
class CampaignAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on")
    search_fields = ("name",)


@admin.register(Exemption)
class ExemptionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("requirement", "employee", "granted_at")
    search_fields = ("requirement__name", "employee__name")
    list_select_related = ("requirement", "employee")


@admin.register(CampaignTry)
class CampaignTryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("campaign", "employee", "status", "submitted_at")
    list_filter = ("submission__status",)
    search_fields = ("campaign__name", "submission__employee__name")
    list_select_related = ("campaign", "submission", "submission__employee")


@admin.register(DueNotice)
class DueNoticeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("requirement", "employee", "kind", "due_on", "emitted_at")
    search_fields = ("requirement__name", "employee__name")
    list_select_related = ("requirement", "employee")
