"""Batch settlement against concurrent settlers: skipped locks, overlapping batches."""

import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count

from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.settlement.models import LedgerTransaction, Settlement
from orders.settlement.services import orders_settle_batch
from tests.orders.settlement.factories import DeliveredOrderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_batch_skips_an_order_another_transaction_holds() -> None:
    held, free = DeliveredOrderFactory.create_batch(2)
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                Order.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        settled = orders_settle_batch(order_ids=[held.pk, free.pk])
        assert time.monotonic() - started < 5
    finally:
        release.set()
        holder.join()
    assert [settlement.order_id for settlement in settled] == [free.pk]
    assert not Settlement.objects.filter(order=held).exists()
    assert [settlement.order_id for settlement in orders_settle_batch(order_ids=[held.pk, free.pk])] == [held.pk]


def test_racing_threads_on_overlapping_batches_settle_each_order_once() -> None:
    order_ids = [order.pk for order in DeliveredOrderFactory.create_batch(40)]
    barrier = threading.Barrier(4)
    settled: list[int] = []
    errors: list[BaseException] = []
    rng = random.Random(7)
    batches = [rng.sample(order_ids, 30) for _ in range(4)]

    def settle(batch: list[int]) -> None:
        try:
            barrier.wait()
            for _round in range(3):
                settled.extend(settlement.order_id for settlement in orders_settle_batch(order_ids=batch))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=settle, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = set().union(*batches)
    assert sorted(settled) == sorted(expected)
    assert Settlement.objects.count() == len(expected)
    for model, field in [(Settlement, "order_id"), (LedgerTransaction, "order_id"), (OrderEvent, "order_id")]:
        rows = model.objects.all() if model is not OrderEvent else model.objects.filter(to_status="settled")
        assert set(rows.values(field).annotate(n=Count("id")).values_list("n", flat=True)) == {1}
    assert OutboxEvent.objects.filter(type="order.settled").count() == 2 * len(expected)
    assert Order.objects.filter(pk__in=expected).exclude(status="settled").count() == 0
