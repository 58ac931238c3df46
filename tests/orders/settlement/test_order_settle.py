from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.db.utils import IntegrityError, InternalError

from orders.models import OrderEvent
from orders.notifications.models import OutboxEvent
from orders.settlement.ledger import LedgerLine, LedgerUnbalanced, ledger_transaction_post, ledger_transaction_reverse
from orders.settlement.models import LedgerEntry, LedgerTransaction, Settlement
from orders.settlement.services import order_settle
from orders.settlement.tasks import order_settle as order_settle_task
from orders.settlement.tasks import settlements_sweep
from tests.orders.settlement.factories import DeliveredOrderFactory

pytestmark = pytest.mark.django_db


def entries_of(settlement: Settlement) -> dict[str, tuple[Decimal, Decimal]]:
    return {
        entry.account: (entry.debit, entry.credit)
        for entry in LedgerEntry.objects.filter(transaction__settlement=settlement)
    }


def test_settle_computes_amounts_and_books_balanced_entries() -> None:
    order = DeliveredOrderFactory(total=Decimal("1130.00"))
    settlement = order_settle(order_id=order.pk)
    assert (settlement.gross_amount, settlement.commission_amount, settlement.vat_amount, settlement.payout_amount) == (
        Decimal("1130.00"),
        Decimal("16.95"),
        Decimal("130.00"),
        Decimal("1113.05"),
    )
    assert entries_of(settlement) == {
        "buyer_clearing": (Decimal("1130.00"), Decimal("0.00")),
        "supplier_payable": (Decimal("0.00"), Decimal("1113.05")),
        "platform_commission": (Decimal("0.00"), Decimal("16.95")),
        "vat_clearing": (Decimal("130.00"), Decimal("0.00")),
        "vat_output": (Decimal("0.00"), Decimal("130.00")),
    }


def test_settle_moves_order_to_settled_with_audit_and_event_to_both_sides() -> None:
    order = DeliveredOrderFactory()
    order_settle(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == "settled"
    event = OrderEvent.objects.get(order=order, to_status="settled")
    assert (event.from_status, event.actor_id, event.actor_label) == ("delivered", None, "system")
    published = OutboxEvent.objects.filter(type="order.settled")
    assert sorted(published.values_list("organization_id", flat=True)) == sorted([order.buyer_id, order.supplier_id])
    assert published.first().data == {"id": order.pk, "number": order.number, "status": "settled"}


def test_supplier_commission_rate_overrides_the_default(settings: object) -> None:
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.015")
    order = DeliveredOrderFactory(total=Decimal("200.00"), supplier__commission_rate=Decimal("0.0300"))
    settlement = order_settle(order_id=order.pk)
    assert (settlement.commission_rate, settlement.commission_amount) == (Decimal("0.0300"), Decimal("6.00"))


def test_default_commission_rate_comes_from_settings(settings: object) -> None:
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.02")
    settlement = order_settle(order_id=DeliveredOrderFactory(total=Decimal("50.00")).pk)
    assert settlement.commission_amount == Decimal("1.00")


def test_settling_twice_returns_the_first_settlement() -> None:
    order = DeliveredOrderFactory()
    first = order_settle(order_id=order.pk)
    second = order_settle(order_id=order.pk)
    assert first.pk == second.pk
    assert Settlement.objects.count() == 1
    assert LedgerTransaction.objects.count() == 1
    assert OrderEvent.objects.filter(order=order, to_status="settled").count() == 1


def test_the_same_task_twice_settles_once() -> None:
    order = DeliveredOrderFactory()
    first = order_settle_task.delay(order.pk).get()
    second = order_settle_task.delay(order.pk).get()
    assert first == second
    assert Settlement.objects.filter(order=order).count() == 1


@pytest.mark.parametrize("status", ["placed", "confirmed", "shipped", "cancelled"])
def test_an_undelivered_order_is_not_settled(status: str) -> None:
    order = DeliveredOrderFactory(status=status)
    assert order_settle(order_id=order.pk) is None
    order.refresh_from_db()
    assert order.status == status
    assert not Settlement.objects.exists()


def test_an_unknown_order_is_ignored() -> None:
    assert order_settle(order_id=987654321) is None


def test_zero_total_order_settles_without_ledger_lines() -> None:
    settlement = order_settle(order_id=DeliveredOrderFactory(total=Decimal("0.00")).pk)
    assert settlement.payout_amount == Decimal("0.00")
    assert not LedgerEntry.objects.exists()


def test_sweep_settles_delivered_orders_left_behind() -> None:
    orders = DeliveredOrderFactory.create_batch(3)
    DeliveredOrderFactory(status="shipped")
    assert settlements_sweep.delay(older_than_seconds=0).get() == 3
    assert set(Settlement.objects.values_list("order_id", flat=True)) == {order.pk for order in orders}
    assert settlements_sweep.delay(older_than_seconds=0).get() == 0


def test_sweep_leaves_recently_delivered_orders_to_their_own_task() -> None:
    DeliveredOrderFactory()
    assert settlements_sweep.delay(older_than_seconds=60).get() == 0
    assert not Settlement.objects.exists()


def _check_now() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_ledger_entry_update_is_refused_by_the_database() -> None:
    settlement = order_settle(order_id=DeliveredOrderFactory().pk)
    entry = LedgerEntry.objects.filter(transaction__settlement=settlement).first()
    with pytest.raises(IntegrityError, match="insert-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(debit=entry.debit + 1)


def test_ledger_entry_delete_is_refused_by_the_database() -> None:
    settlement = order_settle(order_id=DeliveredOrderFactory().pk)
    with pytest.raises(IntegrityError, match="insert-only"), transaction.atomic():
        LedgerEntry.objects.filter(transaction__settlement=settlement).delete()
    assert LedgerEntry.objects.filter(transaction__settlement=settlement).count() == 5


def test_ledger_transaction_update_is_refused_by_the_database() -> None:
    txn = ledger_transaction_post(memo="x", lines=[])
    with pytest.raises(IntegrityError, match="insert-only"), transaction.atomic():
        LedgerTransaction.objects.filter(pk=txn.pk).update(memo="changed")


def test_unbalanced_entries_written_directly_fail_at_commit() -> None:
    txn = LedgerTransaction.objects.create(memo="bad")

    def write_unbalanced() -> None:
        with transaction.atomic():
            LedgerEntry.objects.create(transaction=txn, account="buyer_clearing", debit=Decimal("10.00"))
            LedgerEntry.objects.create(transaction=txn, account="supplier_payable", credit=Decimal("9.99"))
            _check_now()

    with pytest.raises((IntegrityError, InternalError), match="unbalanced"):
        write_unbalanced()


def test_balanced_entries_written_directly_pass_the_commit_check() -> None:
    txn = LedgerTransaction.objects.create(memo="ok")
    with transaction.atomic():
        LedgerEntry.objects.create(transaction=txn, account="buyer_clearing", debit=Decimal("10.00"))
        LedgerEntry.objects.create(transaction=txn, account="supplier_payable", credit=Decimal("10.00"))
        _check_now()
    assert txn.entries.count() == 2


def test_an_entry_with_both_sides_is_refused() -> None:
    txn = LedgerTransaction.objects.create(memo="both")
    with pytest.raises(IntegrityError, match="ledgerentry_one_side_nonzero"), transaction.atomic():
        LedgerEntry.objects.create(transaction=txn, account="buyer_clearing", debit=Decimal(1), credit=Decimal(1))


def test_post_refuses_unbalanced_lines() -> None:
    with pytest.raises(LedgerUnbalanced):
        ledger_transaction_post(
            memo="bad",
            lines=[LedgerLine("buyer_clearing", debit=Decimal("5.00")), LedgerLine("vat_output", credit=Decimal("4"))],
        )
    assert not LedgerTransaction.objects.exists()


def test_reversal_mirrors_the_entries_and_nets_every_account_to_zero() -> None:
    settlement = order_settle(order_id=DeliveredOrderFactory().pk)
    original = settlement.ledger_transactions.get()
    reversal = ledger_transaction_reverse(transaction_id=original.pk, memo="Refund correction")
    assert reversal.reverses_id == original.pk
    assert ledger_transaction_reverse(transaction_id=original.pk).pk == reversal.pk
    per_account = (
        LedgerEntry.objects.filter(transaction__settlement=settlement)
        .values("account")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    assert len(per_account) == 5
    assert all(row["debit"] == row["credit"] for row in per_account)
    _check_now()


def test_every_ledger_transaction_balances() -> None:
    for total in ["0.01", "33.33", "1130.00", "98765.43"]:
        order_settle(order_id=DeliveredOrderFactory(total=Decimal(total)).pk)
    for txn in LedgerTransaction.objects.prefetch_related("entries"):
        assert sum(e.debit for e in txn.entries.all()) == sum(e.credit for e in txn.entries.all())
    _check_now()
