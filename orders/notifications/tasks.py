from datetime import timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from orders.notifications.selectors import outbox_events_pending, webhook_deliveries_due
from orders.notifications.services import outbox_event_dispatch
from orders.notifications.services import webhook_delivery_send as send_service
from orders.notifications.services.outbox import EMAIL_LEASE

SWEEP_LIMIT = 5000
DISPATCH_BATCH = 100
RETRY_OPTIONS = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="orders.notifications.tasks.outbox_dispatch", **RETRY_OPTIONS)
def outbox_dispatch(event_ids: list[int]) -> int:
    """Dispatch the given outbox events (each at most once); returns how many were dispatched now."""
    dispatched = 0
    for event_id in event_ids:
        event = outbox_event_dispatch(event_id=event_id)
        dispatched += bool(event and event.dispatched_at)
    return dispatched


@shared_task(name="orders.notifications.tasks.outbox_sweep")
def outbox_sweep(older_than_seconds: int = 5) -> int:
    """Queue pending outbox events that a lost task (or a broker outage) left behind."""
    event_ids = outbox_events_pending(
        created_before=timezone.now() - timedelta(seconds=older_than_seconds), limit=SWEEP_LIMIT, lease=EMAIL_LEASE
    )
    for start in range(0, len(event_ids), DISPATCH_BATCH):
        outbox_dispatch.delay(event_ids[start : start + DISPATCH_BATCH])
    return len(event_ids)


@shared_task(name="orders.notifications.tasks.webhook_delivery_send", **RETRY_OPTIONS)
def webhook_delivery_send(delivery_id: int) -> str | None:
    """Make one webhook delivery attempt; returns its status."""
    delivery = send_service(delivery_id=delivery_id)
    return delivery.status if delivery else None


@shared_task(name="orders.notifications.tasks.webhook_deliveries_retry_due")
def webhook_deliveries_retry_due() -> int:
    """Queue the webhook attempts whose retry time has come."""
    delivery_ids = webhook_deliveries_due(limit=SWEEP_LIMIT)
    for delivery_id in delivery_ids:
        webhook_delivery_send.delay(delivery_id)
    return len(delivery_ids)
