"""Reads of the notifications app, each scoped to the asking user."""

from django.db.models import QuerySet

from notifications.models import CalendarFeed, Notification


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.of(user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.of(user).unread().count()


def calendar_feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()
