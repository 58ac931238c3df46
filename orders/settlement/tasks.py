from celery import shared_task


@shared_task(name="orders.settlement.tasks.order_settle")
def order_settle(order_id: int) -> None:
    """Settle one delivered order exactly once (filled in by the settlement service)."""


@shared_task(name="orders.settlement.tasks.settlements_sweep")
def settlements_sweep() -> None:
    """Settle delivered orders that a lost task missed."""
