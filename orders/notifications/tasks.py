from celery import shared_task


@shared_task(name="orders.notifications.tasks.outbox_dispatch")
def outbox_dispatch(event_ids: list[int]) -> None:
    """Fan the given outbox events out (filled in by the notifications service)."""


@shared_task(name="orders.notifications.tasks.outbox_sweep")
def outbox_sweep() -> None:
    """Dispatch pending outbox events a lost task missed."""


@shared_task(name="orders.notifications.tasks.webhook_deliveries_retry_due")
def webhook_deliveries_retry_due() -> None:
    """Send webhook deliveries whose retry time has come."""
