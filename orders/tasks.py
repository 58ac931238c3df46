from celery import shared_task

from orders.services import orders_auto_deliver_due, orders_cancel_unconfirmed_due


@shared_task(name="orders.tasks.orders_cancel_unconfirmed")
def orders_cancel_unconfirmed() -> int:
    """Cancel orders not confirmed within MARKETPLACE_ORDER_CONFIRM_HOURS."""
    return orders_cancel_unconfirmed_due()


@shared_task(name="orders.tasks.orders_auto_deliver")
def orders_auto_deliver() -> int:
    """Mark orders delivered that shipped more than MARKETPLACE_AUTO_DELIVER_DAYS ago."""
    return orders_auto_deliver_due()
