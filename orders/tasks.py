from celery import shared_task


@shared_task(name="orders.tasks.orders_cancel_unconfirmed")
def orders_cancel_unconfirmed() -> None:
    """Cancel orders not confirmed within MARKETPLACE_ORDER_CONFIRM_HOURS."""


@shared_task(name="orders.tasks.orders_auto_deliver")
def orders_auto_deliver() -> None:
    """Mark orders delivered that shipped more than MARKETPLACE_AUTO_DELIVER_DAYS ago."""
