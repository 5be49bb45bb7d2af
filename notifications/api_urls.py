"""API v1 routes of the notifications app (mounted by config.urls)."""

from django.urls import path

from notifications.views.api import NotificationViewSet, PreferencesView, TodoView

routes = [("notifications", NotificationViewSet, "notification")]
urlpatterns = [
    path("todo/", TodoView.as_view(), name="todo"),
    path("me/preferences/", PreferencesView.as_view(), name="me-preferences"),
]
