"""The notifications API (DESIGN §8): own notifications, open work, preferences."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import ID_PATTERN
from api.permissions import IsStaffUser
from api.viewsets import ApiViewSet
from employees import sections
from notifications import selectors, services
from notifications.apps import TODO_KEYS
from notifications.models import Notification
from notifications.serializers import (
    NotificationSerializer,
    PreferencesSerializer,
    TodoSerializer,
)


class NotificationViewSet(mixins.ListModelMixin, ApiViewSet):
    """The caller's own notifications, newest first."""

    permission_classes = [IsStaffUser]
    serializer_class = NotificationSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        if self.for_schema:
            return Notification.objects.none()
        return selectors.notification_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        services.notifications_render_waiting(user=request.user)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one of the caller's notifications as read."""
        notification = get_object_or_404(self.get_queryset(), pk=pk)
        services.notification_mark_read(notification=notification)
        return Response(self.get_serializer(notification).data)


class TodoView(APIView):
    permission_classes = [IsStaffUser]

    @extend_schema(operation_id="todo", responses=TodoSerializer)
    def get(self, request):
        """The caller's open work as counts, as the page navigation shows it."""
        counts = sections.todo_counts(request.user)
        return Response({key: counts.get(key, 0) for key in TODO_KEYS})


class PreferencesView(APIView):
    permission_classes = [IsStaffUser]

    @extend_schema(operation_id="me_preferences", responses=PreferencesSerializer)
    def get(self, request):
        """The caller's language and mail choices."""
        preferences = services.preferences_get(user=request.user)
        return Response(PreferencesSerializer(preferences).data)

    @extend_schema(
        operation_id="me_preferences_update",
        request=PreferencesSerializer,
        responses=PreferencesSerializer,
    )
    def patch(self, request):
        """Change the language or opt out of reminders or request mails.
        Decisions about one's own enrollments are always sent."""
        serializer = PreferencesSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        preferences = services.preferences_update(
            user=request.user, **serializer.validated_data
        )
        return Response(PreferencesSerializer(preferences).data)
