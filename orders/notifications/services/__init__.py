"""Notification services; `outbox_publish` is the one way business code announces an event."""

from orders.notifications.services.deliveries import (
    webhook_deliveries_create,
    webhook_delivery_retry,
    webhook_delivery_send,
)
from orders.notifications.services.notifications import notification_create, notification_mark_read
from orders.notifications.services.outbox import outbox_event_dispatch, outbox_publish, outbox_publish_many
from orders.notifications.services.webhooks import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_disable,
    webhook_endpoint_rotate_secret,
)

__all__ = [
    "notification_create",
    "notification_mark_read",
    "outbox_event_dispatch",
    "outbox_publish",
    "outbox_publish_many",
    "webhook_deliveries_create",
    "webhook_delivery_retry",
    "webhook_delivery_send",
    "webhook_endpoint_create",
    "webhook_endpoint_delete",
    "webhook_endpoint_disable",
    "webhook_endpoint_rotate_secret",
]
