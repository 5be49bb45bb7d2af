"""Notifications in the admin: failed mails are found here (DESIGN §8)."""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employees.admin import LoggedPersonReads
from notifications import delivery, services
from notifications.models import CalendarFeed, Notification, Preferences, State


@admin.register(Notification)
class NotificationAdmin(LoggedPersonReads, admin.ModelAdmin):
    list_display = ["id", "kind", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "kind"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    actions = ["send_again"]
    # Notifications are written by the event subscribers only.
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Subjects and bodies name people: superusers see every row, other
        # staff only their own.
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(Q(recipient=request.user))

    @admin.action(description=_("Send the mail again (failed ones only)"))
    def send_again(self, request, queryset):
        """A person decides: a failed mail, even one that may have left, is
        sent once more. Nothing else sends a notification twice."""
        ids = list(queryset.filter(state=State.FAILED).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(
            state=State.PENDING, next_attempt_at=None
        )
        delivery.enqueue(ids)
        self.message_user(
            request,
            _("%(count)d mail(s) queued again.") % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "reminders", "requests_mail"]
    list_filter = ["language", "reminders", "requests_mail"]
    fields = ["user", "language", "reminders", "requests_mail"]
    readonly_fields = ["user"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.preferences_update(
            user=obj.user,
            language=obj.language,
            reminders=obj.reminders,
            requests_mail=obj.requests_mail,
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Feeds can be revoked here; their secret is never shown (only a hash is kept)."""

    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False
