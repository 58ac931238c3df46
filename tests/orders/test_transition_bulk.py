"""The bulk transition: the state machine's checks and events for many orders in one go."""

import pytest

from marketplace.core.exceptions import IllegalTransition
from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.services import orders_transition_bulk
from tests.orders.settlement.factories import DeliveredOrderFactory

pytestmark = pytest.mark.django_db


def test_bulk_transition_moves_every_order_with_audit_and_events() -> None:
    orders = DeliveredOrderFactory.create_batch(3)
    moved = orders_transition_bulk(orders=orders, to_status="settled", note="Settled")
    assert [order.status for order in moved] == ["settled"] * 3
    assert set(Order.objects.values_list("status", flat=True)) == {"settled"}
    for order in orders:
        event = OrderEvent.objects.get(order=order)
        assert (event.from_status, event.to_status, event.actor_label, event.note) == (
            "delivered",
            "settled",
            "system",
            "Settled",
        )
        assert OutboxEvent.objects.filter(type="order.settled", data__id=order.pk).count() == 2


def test_bulk_transition_sets_the_status_timestamp() -> None:
    order = DeliveredOrderFactory(status="shipped", delivered_at=None)
    orders_transition_bulk(orders=[order], to_status="delivered")
    order.refresh_from_db()
    assert order.status == "delivered"
    assert order.delivered_at is not None


def test_one_illegal_transition_refuses_the_whole_bulk() -> None:
    delivered = DeliveredOrderFactory()
    placed = DeliveredOrderFactory(status="placed")
    with pytest.raises(IllegalTransition):
        orders_transition_bulk(orders=[delivered, placed], to_status="settled")
    assert list(Order.objects.order_by("pk").values_list("status", flat=True)) == ["delivered", "placed"]
    assert not OrderEvent.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_bulk_transition_checks_the_stored_status_not_the_callers_copy() -> None:
    order = DeliveredOrderFactory()
    Order.objects.filter(pk=order.pk).update(status="settled")
    with pytest.raises(IllegalTransition):
        orders_transition_bulk(orders=[order], to_status="settled")


def test_bulk_transition_of_nothing_writes_nothing() -> None:
    assert orders_transition_bulk(orders=[], to_status="settled") == []
    assert not OutboxEvent.objects.exists()


def test_a_repeated_order_moves_once() -> None:
    order = DeliveredOrderFactory()
    moved = orders_transition_bulk(orders=[order, order], to_status="settled")
    assert len(moved) == 1
    assert OrderEvent.objects.filter(order=order).count() == 1
