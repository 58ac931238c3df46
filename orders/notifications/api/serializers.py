from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from orders.notifications.events import EventType
from orders.notifications.models import Notification, WebhookDelivery, WebhookEndpoint

MAX_URL_LENGTH = 2000


class NotificationSerializer(serializers.ModelSerializer):
    data = serializers.JSONField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "type", "data", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)


class WebhookCreateInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=MAX_URL_LENGTH)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices), allow_empty=False, max_length=len(EventType.values)
    )

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith(("https://", "http://")):
            raise serializers.ValidationError(_("Only http and https URLs are accepted."))
        return value


class WebhookSecretSerializer(serializers.ModelSerializer):
    """The endpoint with its secret: shown only at creation and rotation."""

    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "secret"]
        read_only_fields = fields


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "is_active", "disabled_reason", "created_at"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    delivery_id = serializers.CharField(source="message_id", help_text="The webhook-id header, the same on retries.")

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "delivery_id",
            "event_type",
            "status",
            "attempt",
            "response_status_code",
            "error",
            "next_attempt_at",
            "created_at",
            "attempted_at",
            "delivered_at",
        ]
        read_only_fields = fields
