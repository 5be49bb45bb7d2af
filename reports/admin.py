"""Admin for report jobs: read-only, since workers write them."""

from django.contrib import admin

from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "state", "requested_by", "created_at", "finished_at")
    list_filter = ("state", "kind")
    search_fields = ("=requested_by__username", "=task_id")
    list_select_related = ("requested_by",)
    show_full_result_count = False
    # The file is left out: downloads go through the API view that checks the
    # requester, never through a media URL.
    fields = (
        "kind",
        "state",
        "requested_by",
        "parameters",
        "language",
        "detail",
        "task_id",
        "created_at",
        "started_at",
        "finished_at",
        "expires_at",
    )

    def get_queryset(self, request):
        jobs = super().get_queryset(request)
        # A report is its requester's alone, as in the API.
        return (
            jobs
            if request.user.is_superuser
            else jobs.filter(requested_by=request.user)
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
