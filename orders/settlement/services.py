"""Settlement of delivered orders: exactly once, with balanced ledger lines."""

import logging
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError, transaction

from orders.choices import OrderStatus
from orders.models import Order
from orders.services import order_transition, orders_transition_bulk
from orders.settlement.amounts import SettlementAmounts, settlement_amounts
from orders.settlement.choices import LedgerAccount
from orders.settlement.escrow import payout_release_after_commit, release_at_for
from orders.settlement.ledger import (
    LedgerLine,
    LedgerPosting,
    LedgerUnbalanced,
    ledger_transaction_post,
    ledger_transactions_post_many,
)
from orders.settlement.models import Settlement

logger = logging.getLogger(__name__)

SETTLED_NOTE = "Settled"


def commission_rate_for(*, supplier_rate: Decimal | None) -> Decimal:
    """The supplier's own rate when set, else the market's default."""
    return supplier_rate if supplier_rate is not None else Decimal(settings.MARKETPLACE_COMMISSION_RATE)


def settlement_ledger_lines(*, order: Order, amounts: SettlementAmounts) -> list[LedgerLine]:
    """The entries of one settlement: the sale split into payout and commission, plus the VAT memo pair."""
    return [
        LedgerLine(LedgerAccount.BUYER_CLEARING, debit=amounts.gross, organization_id=order.buyer_id),
        LedgerLine(LedgerAccount.SUPPLIER_PAYABLE, credit=amounts.payout, organization_id=order.supplier_id),
        LedgerLine(LedgerAccount.PLATFORM_COMMISSION, credit=amounts.commission, organization_id=order.supplier_id),
        LedgerLine(LedgerAccount.VAT_CLEARING, debit=amounts.vat, organization_id=order.supplier_id),
        LedgerLine(LedgerAccount.VAT_OUTPUT, credit=amounts.vat, organization_id=order.supplier_id),
    ]


@transaction.atomic(durable=True)
def order_settle(*, order_id: int) -> Settlement | None:
    """Settle a delivered order once: returns its settlement, or None if it is not (yet) settleable."""
    return _order_settle_locked(order_id=order_id)


def orders_settle_batch(*, order_ids: Sequence[int]) -> list[Settlement]:
    """Settle many delivered orders in one commit with a constant number of statements (the sweep's path).

    Orders another transaction holds are skipped: their holder settles them, or the next sweep does.
    If the batch fails it is retried order by order, so one bad order never blocks the others.
    """
    try:
        return _orders_settle_set(order_ids=order_ids)
    except (DatabaseError, LedgerUnbalanced):
        logger.exception("Batch settlement of %s orders failed; settling them one by one", len(order_ids))
        return orders_settle_each(order_ids=order_ids)


@transaction.atomic(durable=True)
def orders_settle_each(*, order_ids: Sequence[int]) -> list[Settlement]:
    """Settle many orders in one commit, each in its own savepoint, so one failure costs only that order,
    which the next sweep retries; returns the orders' settlements, new or existing."""
    settled = []
    for order_id in order_ids:
        try:
            with transaction.atomic():
                settlement = _order_settle_locked(order_id=order_id)
        except DatabaseError:
            logger.exception("Settlement of order %s failed; left for the next sweep", order_id)
            continue
        if settlement is not None:
            settled.append(settlement)
    return settled


@transaction.atomic(durable=True)
def _orders_settle_set(*, order_ids: Sequence[int]) -> list[Settlement]:
    """The set-based batch: one locking SELECT, three ledger inserts, one bulk transition; returns new settlements."""
    orders = list(
        Order.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("supplier")
        .filter(pk__in=set(order_ids), status=OrderStatus.DELIVERED, settlement__isnull=True)
        .order_by("pk")
    )
    if not orders:
        return []
    amounts = [_amounts_of(order) for order in orders]
    settlements = Settlement.objects.bulk_create(
        [_settlement_of(order, amount) for order, amount in zip(orders, amounts, strict=True)]
    )
    ledger_transactions_post_many(
        postings=[
            _ledger_posting(order, settlement, amount)
            for order, settlement, amount in zip(orders, settlements, amounts, strict=True)
        ]
    )
    orders_transition_bulk(orders=orders, to_status=OrderStatus.SETTLED, actor=None, note=SETTLED_NOTE)
    # The caller (the batch task) queues the releases once this commits: one callback per batch stays the outbox's.
    return settlements


def order_settle_in_transaction(*, order_id: int) -> Settlement | None:
    """`order_settle` inside the caller's transaction (a refund on a delivered order not yet settled)."""
    return _order_settle_locked(order_id=order_id)


def _order_settle_locked(*, order_id: int) -> Settlement | None:
    order = Order.objects.select_for_update(of=("self",)).select_related("supplier").filter(pk=order_id).first()
    if order is None:
        return None
    existing = Settlement.objects.filter(order_id=order.pk).first()
    if existing is not None:
        return existing
    if order.status != OrderStatus.DELIVERED:
        return None
    amounts = _amounts_of(order)
    settlement = _settlement_of(order, amounts)
    settlement.save(force_insert=True)
    posting = _ledger_posting(order, settlement, amounts)
    ledger_transaction_post(memo=posting.memo, lines=posting.lines, settlement=settlement, order=order)
    _order_mark_settled(order=order)
    payout_release_after_commit(settlements=[settlement])
    return settlement


def _amounts_of(order: Order) -> SettlementAmounts:
    return settlement_amounts(
        gross=order.total, commission_rate=commission_rate_for(supplier_rate=order.supplier.commission_rate)
    )


def _settlement_of(order: Order, amounts: SettlementAmounts) -> Settlement:
    """The unsaved settlement row of an order."""
    return Settlement(
        order=order,
        gross_amount=amounts.gross,
        commission_rate=amounts.commission_rate,
        commission_amount=amounts.commission,
        vat_amount=amounts.vat,
        payout_amount=amounts.payout,
        release_at=release_at_for(delivered_at=order.delivered_at),
    )


def _ledger_posting(order: Order, settlement: Settlement, amounts: SettlementAmounts) -> LedgerPosting:
    return LedgerPosting(
        memo=f"Settlement of order {order.number}",
        lines=settlement_ledger_lines(order=order, amounts=amounts),
        settlement=settlement,
        order=order,
    )


def _order_mark_settled(*, order: Order) -> None:
    """Move the order to settled through the state machine (audit event, order.settled to both sides)."""
    order_transition(order=order, to_status=OrderStatus.SETTLED, actor=None, note=SETTLED_NOTE)
