from rest_framework import serializers

from notifications.models import Notification, Preferences


class NotificationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_url(self, notification) -> str:
        """Where to act on it, as an absolute link."""
        request = self.context.get("request")
        if request is None or not notification.url:
            return notification.url
        return request.build_absolute_uri(notification.url)


class TodoSerializer(serializers.Serializer):
    approvals = serializers.IntegerField(min_value=0)
    practice_tasks = serializers.IntegerField(min_value=0)
    requirements_due = serializers.IntegerField(min_value=0)
    requirements_overdue = serializers.IntegerField(min_value=0)


class PreferencesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Preferences
        fields = ["language", "reminders", "requests_mail"]
