"""Admin for badges: read-only, since awards, signatures, revocations and keys
are written by the services (pages, events, commands), never by hand."""

from django.contrib import admin

from credentials.models import Achievement, Badge, Issuer, IssuerKey, StatusList
from employees.admin import HRScoped, LoggedPersonReads


class ReadOnly:
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Issuer)
class IssuerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("municipality", "created_at")
    list_select_related = ("municipality",)
    search_fields = ("municipality__name", "=municipality__code")


@admin.register(IssuerKey)
class IssuerKeyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key_id", "issuer", "created_at", "retired_at")
    list_select_related = ("issuer__municipality",)
    # The encrypted private key stays out of sight.
    fields = ("issuer", "key_id", "public_jwk", "created_at", "retired_at")
    readonly_fields = fields
    search_fields = ("=key_id",)


@admin.register(Achievement)
class AchievementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("uuid", "issuer", "kind", "course", "stage")
    list_select_related = ("issuer__municipality", "course")
    list_filter = ("kind",)
    search_fields = ("course__title", "=stage")


@admin.register(StatusList)
class StatusListAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("issuer", "number", "created_at")
    list_select_related = ("issuer__municipality",)
    search_fields = ("=issuer__municipality__code",)


@admin.register(Badge)
class BadgeAdmin(ReadOnly, LoggedPersonReads, HRScoped, admin.ModelAdmin):
    scope = "employee__department"
    list_display = ("uuid", "employee", "achievement", "awarded_at", "revoked_at")
    list_select_related = ("employee", "achievement")
    list_filter = ("achievement__kind",)
    search_fields = ("=uuid",)
    raw_id_fields = ("employee", "enrollment", "revoked_by")

    def get_queryset(self, request):
        # Lists show none of the signed credential's kilobytes; a badge's own
        # page loads them when it shows them.
        return super().get_queryset(request).defer("credential", "jwt")
