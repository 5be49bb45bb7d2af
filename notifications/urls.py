"""Notification pages, the calendar feed and unsubscribe links."""

from django.urls import path

from notifications.views import pages

urlpatterns = [
    path("notifications/", pages.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        pages.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read/",
        pages.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notifications/preferences/",
        pages.preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        pages.unsubscribe,
        name="notification_unsubscribe",
    ),
    path("calendar/new/", pages.calendar_feed_create, name="calendar_feed_create"),
    path("calendar/revoke/", pages.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:key>.ics", pages.calendar_feed, name="calendar_feed"),
]
