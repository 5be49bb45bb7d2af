"""Stored Idempotency-Key answers: read-only, for the system administrator."""

from django.contrib import admin

from api.models import IdempotencyRecord


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ("actor", "key", "status_code", "created_at")
    search_fields = ("=actor", "=key")
    show_full_result_count = False

    def get_queryset(self, request):
        # Replays belong to no municipality: only a superuser sees them.
        rows = super().get_queryset(request)
        return rows if request.user.is_superuser else rows.none()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
