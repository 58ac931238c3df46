"""The set-based batch settlement: constant statements per batch, exactly once, per-order fallback."""

import logging
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count

from marketplace.organizations.models import Organization
from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.settlement.amounts import SettlementAmounts, settlement_amounts
from orders.settlement.models import LedgerEntry, LedgerTransaction, Settlement
from orders.settlement.services import order_settle, orders_settle_batch, settlement_ledger_lines
from orders.settlement.tasks import orders_settle
from tests.orders.settlement.factories import DeliveredOrderFactory

pytestmark = pytest.mark.django_db

TOTALS = ["0.01", "0.05", "33.33", "1130.00", "98765.43", "12345.67"]


def amounts_of(settlement: Settlement) -> SettlementAmounts:
    return settlement_amounts(gross=settlement.gross_amount, commission_rate=settlement.commission_rate)


def _check_now() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_batch_settles_every_order_with_exact_amounts(settings: object) -> None:
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.015")
    orders = [DeliveredOrderFactory(total=Decimal(total)) for total in TOTALS]
    orders.append(DeliveredOrderFactory(total=Decimal("200.00"), supplier__commission_rate=Decimal("0.0300")))
    settled = orders_settle_batch(order_ids=[order.pk for order in orders])
    assert len(settled) == len(orders)
    for order in orders:
        settlement = Settlement.objects.get(order=order)
        rate = order.supplier.commission_rate or Decimal("0.015")
        expected = settlement_amounts(gross=order.total, commission_rate=rate)
        assert (
            settlement.gross_amount,
            settlement.commission_rate,
            settlement.commission_amount,
            settlement.vat_amount,
            settlement.payout_amount,
        ) == (expected.gross, expected.commission_rate, expected.commission, expected.vat, expected.payout)
    assert set(Order.objects.values_list("status", flat=True)) == {"settled"}


def test_batch_books_one_balanced_transaction_per_order() -> None:
    orders = [DeliveredOrderFactory(total=Decimal(total)) for total in TOTALS]
    orders_settle_batch(order_ids=[order.pk for order in orders])
    for order in orders:
        txn = LedgerTransaction.objects.get(order=order)
        entries = list(txn.entries.all())
        assert txn.settlement == order.settlement
        assert txn.memo == f"Settlement of order {order.number}"
        expected = settlement_ledger_lines(order=order, amounts=amounts_of(order.settlement))
        assert [(e.account, e.debit, e.credit, e.organization_id) for e in entries] == [
            (line.account, line.debit, line.credit, line.organization_id)
            for line in expected
            if line.debit or line.credit
        ]
        assert sum(entry.debit for entry in entries) == sum(entry.credit for entry in entries)
    assert LedgerEntry.objects.filter(transaction__order=orders[-1]).count() == 5
    _check_now()


def test_batch_drops_zero_ledger_lines_of_a_zero_total_order() -> None:
    order = DeliveredOrderFactory(total=Decimal("0.00"))
    orders_settle_batch(order_ids=[order.pk])
    assert Settlement.objects.get(order=order).payout_amount == Decimal("0.00")
    assert LedgerTransaction.objects.filter(order=order).count() == 1
    assert not LedgerEntry.objects.exists()


def test_batch_writes_one_audit_event_and_an_event_to_both_sides_per_order(
    django_capture_on_commit_callbacks: object,
) -> None:
    orders = DeliveredOrderFactory.create_batch(5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        orders_settle_batch(order_ids=[order.pk for order in orders])
    for order in orders:
        event = OrderEvent.objects.get(order=order, to_status="settled")
        assert (event.from_status, event.actor_id, event.actor_label, event.note) == (
            "delivered",
            None,
            "system",
            "Settled",
        )
        published = OutboxEvent.objects.filter(type="order.settled", data__id=order.pk)
        assert sorted(published.values_list("organization_id", flat=True)) == sorted(
            [order.buyer_id, order.supplier_id]
        )
        assert published.first().data == {"id": order.pk, "number": order.number, "status": "settled"}
    # One dispatch task for every event of the batch.
    assert len(callbacks) == 1
    assert sorted(callbacks[0].args[0]) == sorted(OutboxEvent.objects.values_list("pk", flat=True))


def test_batch_ignores_duplicates_unknown_undelivered_and_settled_orders() -> None:
    fresh = DeliveredOrderFactory()
    shipped = DeliveredOrderFactory(status="shipped")
    cancelled = DeliveredOrderFactory(status="cancelled")
    already = DeliveredOrderFactory()
    first = order_settle(order_id=already.pk)
    settled = orders_settle_batch(order_ids=[fresh.pk, fresh.pk, shipped.pk, cancelled.pk, already.pk, 987654321])
    assert [settlement.order_id for settlement in settled] == [fresh.pk]
    assert Settlement.objects.get(order=already).pk == first.pk
    assert set(Settlement.objects.values_list("order_id", flat=True)) == {fresh.pk, already.pk}
    shipped.refresh_from_db()
    cancelled.refresh_from_db()
    assert (shipped.status, cancelled.status) == ("shipped", "cancelled")
    assert OrderEvent.objects.filter(to_status="settled").count() == 2


def test_running_the_batch_twice_settles_once() -> None:
    order_ids = [order.pk for order in DeliveredOrderFactory.create_batch(4)]
    assert len(orders_settle_batch(order_ids=order_ids)) == 4
    assert orders_settle_batch(order_ids=order_ids) == []
    assert orders_settle.delay(order_ids).get() == 0
    assert Settlement.objects.count() == 4
    assert LedgerTransaction.objects.count() == 4
    assert OrderEvent.objects.filter(to_status="settled").count() == 4
    assert OutboxEvent.objects.filter(type="order.settled").count() == 8


def test_an_empty_batch_settles_nothing() -> None:
    assert orders_settle_batch(order_ids=[]) == []


def test_batch_statements_do_not_grow_with_the_batch(django_assert_max_num_queries: object) -> None:
    order_ids = [order.pk for order in DeliveredOrderFactory.create_batch(50)]
    with django_assert_max_num_queries(15):
        settled = orders_settle_batch(order_ids=order_ids)
    assert len(settled) == 50


def test_a_failing_batch_falls_back_to_one_order_at_a_time(caplog: pytest.LogCaptureFixture) -> None:
    good = DeliveredOrderFactory.create_batch(3)
    bad = DeliveredOrderFactory(total=Decimal("100.00"))
    # A rate above 100 % (the form validator caps it; a direct write does not) makes the payout
    # negative, which the ledger's check constraint refuses: the batch fails as a whole.
    Organization.objects.filter(pk=bad.supplier_id).update(commission_rate=Decimal("1.5000"))
    with caplog.at_level(logging.ERROR, logger="orders.settlement.services"):
        settled = orders_settle_batch(order_ids=[good[0].pk, bad.pk, good[1].pk, good[2].pk])
    assert sorted(settlement.order_id for settlement in settled) == sorted(order.pk for order in good)
    assert "settling them one by one" in caplog.text
    assert f"Settlement of order {bad.pk} failed" in caplog.text
    bad.refresh_from_db()
    assert bad.status == "delivered"
    assert not Settlement.objects.filter(order=bad).exists()
    counts = dict(OrderEvent.objects.filter(to_status="settled").values_list("order_id").annotate(n=Count("id")))
    assert counts == {order.pk: 1 for order in good}
    _check_now()
