"""Assertions shared by the scale-out tests about a settlement (kept apart from test_workers.py)."""

from django.db import DatabaseError, transaction

from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.settlement.models import LedgerTransaction, Settlement


def order_is_locked(order_id: int) -> bool:
    """True while another transaction (a worker settling it) holds the order's row lock."""
    try:
        with transaction.atomic():
            Order.objects.select_for_update(nowait=True).get(pk=order_id)
    except DatabaseError:
        return True
    return False


def settled_once(order: Order) -> None:
    """One settlement, one ledger transaction, one settled event, one outbox event per party."""
    assert Settlement.objects.filter(order=order).count() == 1
    assert LedgerTransaction.objects.filter(order=order).count() == 1
    assert OrderEvent.objects.filter(order=order, to_status="settled").count() == 1
    assert OutboxEvent.objects.filter(type="order.settled", data__id=order.pk).count() == 2
