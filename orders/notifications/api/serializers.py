from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from orders.notifications.events import EventType
from orders.notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from orders.notifications.robots import WebhookFormat

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
    format = serializers.ChoiceField(
        choices=WebhookFormat.choices,
        required=False,
        default=WebhookFormat.STANDARD,
        help_text="standard: Standard Webhooks (signed, whsec_ secret). wecom / dingtalk / feishu: the group robot's "
        "own message JSON with a readable text in the organisation's language.",
    )
    secret = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="dingtalk and feishu only: the robot's signing secret (加签); omit for an unsigned robot. "
        "Ignored for standard (the secret is generated) and wecom.",
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
        fields = ["id", "url", "events", "format", "secret"]
        read_only_fields = fields


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "format", "is_active", "disabled_reason", "created_at"]
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
