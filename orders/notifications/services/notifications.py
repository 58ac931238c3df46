"""In-app notifications."""

from typing import Any

from django.utils import timezone

from orders.notifications.models import Notification, OutboxEvent


def notification_create(
    *, organization_id: int, type: str, data: dict[str, Any], event: OutboxEvent | None = None
) -> Notification:
    """Store an in-app notification in the caller's transaction."""
    return Notification.objects.create(organization_id=organization_id, type=type, data=data, event=event)


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark read; reading again keeps the first read time."""
    if notification.read_at is None:
        now = timezone.now()
        updated = Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=now)
        notification.read_at = now if updated else Notification.objects.get(pk=notification.pk).read_at
    return notification
