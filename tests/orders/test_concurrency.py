"""Real concurrent transactions on PostgreSQL: no oversell, no deadlock, no partial reservation."""

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Sum
from rest_framework.test import APIClient

from catalog.models import Listing
from marketplace.core.exceptions import DomainError
from orders.models import Order, OrderLine
from orders.services import OrderLineSpec, order_place
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.factories import listing_with, stock_of

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count: int, work: Callable[[int], object]) -> list[object]:
    """Start `count` threads at one barrier; returns each one's result (or the exception it raised)."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # the test inspects what each thread ended with
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_forty_buyers_racing_for_ten_units_get_exactly_ten_orders() -> None:
    listing = listing_with(10)
    users = [UserFactory(organization=OrganizationFactory(kind="buyer")) for _ in range(40)]

    def order_one(index: int) -> int:
        client = APIClient()
        client.force_authenticate(users[index])
        return client.post("/api/v1/orders/", {"lines": [{"listing": listing.pk, "quantity": 1}]}).status_code

    statuses = Counter(run_together(40, order_one))
    assert statuses == {201: 10, 409: 30}
    assert Order.objects.filter(supplier=listing.supplier).count() == 10
    assert stock_of(listing) == (10, 10)
    assert Listing.objects.get(pk=listing.pk).quantity_available == 0


def test_orders_sharing_listings_in_opposite_line_order_never_deadlock_or_half_reserve() -> None:
    supplier = OrganizationFactory(kind="supplier")
    first, second = listing_with(30, supplier=supplier), listing_with(30, supplier=supplier)
    buyer = OrganizationFactory(kind="buyer")
    actor = UserFactory(organization=buyer)

    def order_pair(index: int) -> str:
        pair = [(first, 2), (second, 3)] if index % 2 else [(second, 3), (first, 2)]
        try:
            order_place(
                buyer=buyer,
                actor=actor,
                lines=[OrderLineSpec(listing_id=item.pk, quantity=qty) for item, qty in pair],
            )
        except DomainError as exc:
            return exc.code
        return "placed"

    outcomes = run_together(24, order_pair)
    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert Counter(outcomes) == {"placed": 10, "insufficient_stock": 14}
    for item in (first, second):
        ordered = OrderLine.objects.filter(listing=item).aggregate(total=Sum("quantity"))["total"]
        assert stock_of(item)[1] == ordered
    assert stock_of(first) == (30, 20)
    assert stock_of(second) == (30, 30)


def test_racing_cancels_release_the_stock_once() -> None:
    listing = listing_with(10)
    buyer = OrganizationFactory(kind="buyer")
    actor = UserFactory(organization=buyer)
    order = order_place(buyer=buyer, actor=actor, lines=[OrderLineSpec(listing_id=listing.pk, quantity=4)])

    def cancel(index: int) -> str:
        from orders.services import order_cancel

        try:
            order_cancel(order=Order.objects.get(pk=order.pk), actor=actor, reason=f"try {index}")
        except DomainError as exc:
            return exc.code
        return "cancelled"

    assert Counter(run_together(8, cancel)) == {"cancelled": 1, "illegal_transition": 7}
    assert stock_of(listing) == (10, 0)


def test_sweep_skips_an_order_another_transaction_holds() -> None:
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from orders.tasks import orders_cancel_unconfirmed

    listing = listing_with(10)
    buyer = OrganizationFactory(kind="buyer")
    order = order_place(
        buyer=buyer, actor=UserFactory(organization=buyer), lines=[OrderLineSpec(listing_id=listing.pk, quantity=2)]
    )
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=5))
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                Order.objects.select_for_update().get(pk=order.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(timeout=30)
    try:
        assert orders_cancel_unconfirmed.apply().result == 0
    finally:
        release.set()
        holder.join(timeout=30)
    assert orders_cancel_unconfirmed.apply().result == 1
    assert stock_of(listing) == (10, 0)
