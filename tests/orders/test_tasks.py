from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from catalog.models import Listing
from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.services import order_confirm, order_ship
from orders.services.sweeps import _sweep
from orders.tasks import orders_auto_deliver, orders_cancel_unconfirmed
from tests.factories import UserFactory
from tests.orders.factories import stock_of

pytestmark = pytest.mark.django_db


def age(order: Order, **delta: float) -> None:
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(**delta))


@override_settings(MARKETPLACE_ORDER_CONFIRM_HOURS=48)
def test_unconfirmed_orders_past_the_deadline_are_cancelled_by_the_system(place: Callable, listing: Listing) -> None:
    stale, fresh = place(listing, quantity=3), place(listing, quantity=2)
    age(stale, hours=49)
    age(fresh, hours=47)
    assert orders_cancel_unconfirmed.apply().result == 1
    assert Order.objects.get(pk=stale.pk).status == "cancelled"
    assert Order.objects.get(pk=fresh.pk).status == "placed"
    assert stock_of(listing) == (10, 2)
    event = OrderEvent.objects.filter(order=stale).last()
    assert (event.actor_label, event.to_status) == ("system", "cancelled")
    assert "48 hours" in event.note
    assert OutboxEvent.objects.filter(type="order.cancelled").count() == 2


def test_confirmed_orders_are_not_auto_cancelled(place: Callable, listing: Listing, supplier: object) -> None:
    order = place(listing)
    order_confirm(order=order, actor=UserFactory(organization=supplier))
    age(order, days=10)
    orders_cancel_unconfirmed.delay()
    assert Order.objects.get(pk=order.pk).status == "confirmed"


def test_cancel_sweep_is_idempotent(place: Callable, listing: Listing) -> None:
    order = place(listing, quantity=3)
    age(order, days=5)
    orders_cancel_unconfirmed.delay()
    assert orders_cancel_unconfirmed.apply().result == 0
    assert stock_of(listing) == (10, 0)


def test_sweep_works_through_several_batches(place: Callable, listing: Listing) -> None:
    orders = [place(listing) for _ in range(5)]
    for order in orders:
        age(order, days=5)
    queryset = Order.objects.filter(status="placed")
    from orders.services import order_cancel_as

    done = _sweep(queryset, lambda order: order_cancel_as(order=order, actor=None, actor_org=None, note="x"), 2)
    assert done == 5
    assert stock_of(listing) == (10, 0)


@override_settings(MARKETPLACE_AUTO_DELIVER_DAYS=14)
def test_orders_shipped_long_ago_are_delivered_by_the_system(
    place: Callable, listing: Listing, supplier: object, django_capture_on_commit_callbacks: Callable
) -> None:
    seller = UserFactory(organization=supplier)
    old, recent = place(listing), place(listing)
    for order in (old, recent):
        order_confirm(order=order, actor=seller)
        order_ship(order=order, actor=seller, tracking_number="T")
    Order.objects.filter(pk=old.pk).update(shipped_at=timezone.now() - timedelta(days=15))
    with django_capture_on_commit_callbacks() as callbacks:
        assert orders_auto_deliver.apply().result == 1
    assert Order.objects.get(pk=old.pk).status == "delivered"
    assert Order.objects.get(pk=recent.pk).status == "shipped"
    event = OrderEvent.objects.filter(order=old).last()
    assert (event.actor_label, event.to_status) == ("system", "delivered")
    assert any(getattr(cb, "args", None) == (old.pk,) for cb in callbacks)


def test_auto_deliver_leaves_placed_orders_alone(place: Callable, listing: Listing) -> None:
    order = place(listing)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=30))
    assert orders_auto_deliver.apply().result == 0
    assert Order.objects.get(pk=order.pk).status == "placed"
