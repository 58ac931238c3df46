"""Escrow: a settlement's payout is held until release_at and while a claim is open, then released once;
refunds come out of the held payout."""

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status

from marketplace.core.exceptions import DomainError
from orders.locks import order_for_update
from orders.models import Order
from orders.notifications.services import outbox_publish, outbox_publish_many
from orders.settlement.amounts import RefundExceedsGross, RefundSplit, refund_split
from orders.settlement.choices import LedgerAccount, PayoutStatus
from orders.settlement.ledger import (
    LedgerLine,
    LedgerPosting,
    LedgerUnbalanced,
    ledger_transaction_post,
    ledger_transactions_post_many,
)
from orders.settlement.models import Refund, Settlement

logger = logging.getLogger(__name__)

RELEASE_BATCH = 500


class PayoutAlreadyReleased(DomainError):
    code = "payout_released"
    default_detail = _("The payout of this order has been released; nothing can be refunded from it.")


class RefundTooLarge(DomainError):
    code = "refund_exceeds_gross"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The refunds of an order may not exceed what was paid for it.")


def hours(value: Decimal | float | str) -> timedelta:
    """A duration of (possibly decimal) hours."""
    return timedelta(seconds=float(Decimal(str(value)) * 3600))


def release_at_for(*, delivered_at: datetime | None) -> datetime:
    """Delivery + MARKETPLACE_CLAIM_WINDOW_HOURS (now when the delivery time is unknown)."""
    return (delivered_at or timezone.now()) + hours(settings.MARKETPLACE_CLAIM_WINDOW_HOURS)


def order_release_at(*, order: Order) -> datetime | None:
    """When the order's claim window closes: its settlement's release_at, else delivery + window."""
    settlement = Settlement.objects.filter(order_id=order.pk).only("release_at").first()
    if settlement is not None:
        return settlement.release_at
    return release_at_for(delivered_at=order.delivered_at) if order.delivered_at else None


def order_has_open_claim(*, order_id: int) -> bool:
    """A claim on the order that has not ended holds its payout (claims end by setting resolved_at)."""
    # Looked up by label: the claims app books refunds here, so settlement never imports it.
    claim_model = apps.get_model("claims", "Claim")
    return claim_model.objects.filter(order_id=order_id, resolved_at__isnull=True).exists()


def release_hop() -> timedelta:
    """The longest eta a queued release may carry: half the broker's visibility timeout.

    A Redis message held unacknowledged past the visibility timeout is delivered again, so a
    release a week away is queued as a short hop that re-queues itself until release_at; a
    single live message per payout instead of one more copy every hour.
    """
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    return timedelta(seconds=max(1, int(options.get("visibility_timeout", 3600)) // 2))


def release_eta(release_at: datetime) -> datetime:
    """When to run the queued release: at release_at, or at the end of one hop if that comes first."""
    return min(release_at, timezone.now() + release_hop())


def payout_release_schedule(releases: list[tuple[int, datetime]]) -> None:
    """Queue each release for its moment (after commit); the sweep catches any the broker loses."""
    from orders.settlement.tasks import payout_release  # noqa: PLC0415 - tasks import services

    for settlement_id, release_at in releases:
        try:
            payout_release.apply_async((settlement_id,), eta=release_eta(release_at))
        except Exception:
            logger.exception("Could not queue the payout release of settlement %s; left for the sweep", settlement_id)
            return


def payout_release_after_commit(*, settlements: list[Settlement]) -> None:
    """One after-commit callback that queues the releases of the given settlements."""
    releases = [(settlement.pk, settlement.release_at) for settlement in settlements]
    if releases:
        transaction.on_commit(partial(payout_release_schedule, releases))


@transaction.atomic(durable=True)
def payout_release(*, settlement_id: int) -> Settlement | None:
    """Release a held payout exactly once, when release_at has passed and no claim on the order is open."""
    # Lock the order, then the settlement: the order every claim and settlement path takes (the
    # ledger rows reference the order, so taking the settlement first could deadlock with a filing).
    order_id = Settlement.objects.filter(pk=settlement_id).values_list("order_id", flat=True).first()
    if order_id is None:
        return None
    order = order_for_update(order_id)
    settlement = Settlement.objects.select_for_update(of=("self",)).filter(pk=settlement_id).first()
    if settlement is None:
        return None
    settlement.order = order
    if settlement.payout_status == PayoutStatus.RELEASED:
        return settlement
    now = timezone.now()
    if now < settlement.release_at or order_has_open_claim(order_id=settlement.order_id):
        return settlement
    order = settlement.order
    ledger_transaction_post(
        memo=f"Payout release of order {order.number}",
        lines=_release_lines(settlement),
        settlement=settlement,
        order=order,
    )
    settlement.payout_status = PayoutStatus.RELEASED
    settlement.released_at = now
    settlement.released_amount = settlement.payout_held_amount
    settlement.save(update_fields=["payout_status", "released_at", "released_amount"])
    event_type, data, organization_ids = _released_event(settlement)
    outbox_publish(event_type=event_type, data=data, organization_ids=organization_ids)
    return settlement


def payouts_release_due(*, limit: int = RELEASE_BATCH) -> list[int]:
    """The sweep: release held payouts past release_at without an open claim, a batch per commit; returns ids.

    A batch that fails is retried payout by payout, so one bad row never blocks the others.
    """
    try:
        return payouts_release_batch(limit=limit)
    except (DatabaseError, LedgerUnbalanced):
        logger.exception("Batch payout release failed; releasing one by one")
    open_claims = apps.get_model("claims", "Claim").objects.filter(
        order_id=OuterRef("order_id"), resolved_at__isnull=True
    )
    due = list(
        Settlement.objects.filter(payout_status=PayoutStatus.HELD, release_at__lte=timezone.now())
        .exclude(Exists(open_claims))
        .order_by("release_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    released = []
    for settlement_id in due:
        try:
            settlement = payout_release(settlement_id=settlement_id)
        except DatabaseError:
            logger.exception("Release of settlement %s failed; left for the next sweep", settlement_id)
            continue
        if settlement is not None and settlement.payout_status == PayoutStatus.RELEASED:
            released.append(settlement_id)
    return released


@transaction.atomic(durable=True)
def payouts_release_batch(*, limit: int = RELEASE_BATCH) -> list[int]:
    """Release up to `limit` due payouts in one commit with a constant number of statements; returns their ids.

    Rows another transaction holds (a claim being filed, a release under way) are skipped. The open
    claims are read in a statement after the rows are locked, so a claim committed while we waited
    is seen.
    """
    now = timezone.now()
    claim_model = apps.get_model("claims", "Claim")
    open_claims_of_order = claim_model.objects.filter(order_id=OuterRef("pk"), resolved_at__isnull=True)
    # Orders first, then their settlements (the lock order of every claim path); rows held elsewhere are skipped.
    orders = {
        order.pk: order
        for order in Order.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(settlement__payout_status=PayoutStatus.HELD, settlement__release_at__lte=now)
        .exclude(Exists(open_claims_of_order))
        .order_by("settlement__release_at", "pk")[:limit]
    }
    if not orders:
        return []
    locked = list(
        Settlement.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(order_id__in=list(orders), payout_status=PayoutStatus.HELD, release_at__lte=now)
        .order_by("release_at", "pk")
    )
    for settlement in locked:
        settlement.order = orders[settlement.order_id]
    claimed = set(
        claim_model.objects.filter(
            order_id__in=[settlement.order_id for settlement in locked], resolved_at__isnull=True
        ).values_list("order_id", flat=True)
    )
    due = [settlement for settlement in locked if settlement.order_id not in claimed]
    if not due:
        return []
    ledger_transactions_post_many(
        postings=[
            LedgerPosting(
                memo=f"Payout release of order {settlement.order.number}",
                lines=_release_lines(settlement),
                settlement=settlement,
                order=settlement.order,
            )
            for settlement in due
        ]
    )
    for settlement in due:
        settlement.payout_status = PayoutStatus.RELEASED
        settlement.released_at = now
        settlement.released_amount = settlement.payout_held_amount
    Settlement.objects.bulk_update(due, ["payout_status", "released_at", "released_amount"], batch_size=500)
    outbox_publish_many(events=[_released_event(settlement) for settlement in due])
    return [settlement.pk for settlement in due]


def _release_lines(settlement: Settlement) -> list[LedgerLine]:
    """What escrow still holds moves from the held payable to the released one."""
    amount = settlement.payout_held_amount
    supplier_id = settlement.order.supplier_id
    return [
        LedgerLine(LedgerAccount.SUPPLIER_PAYABLE, debit=amount, organization_id=supplier_id),
        LedgerLine(LedgerAccount.SUPPLIER_RELEASED, credit=amount, organization_id=supplier_id),
    ]


def _released_event(settlement: Settlement) -> tuple[str, dict, list[int]]:
    order = settlement.order
    data = {
        "id": settlement.pk,
        "order": order.pk,
        "number": order.number,
        "payout_status": settlement.payout_status,
        "released_amount": str(settlement.released_amount),
    }
    return ("payout.released", data, [order.supplier_id])


def refund_ledger_lines(*, order: Order, split: RefundSplit) -> list[LedgerLine]:
    """The buyer is owed the refund; commission and the VAT memo are reversed pro rata; the payout falls by the rest."""
    return [
        LedgerLine(LedgerAccount.SUPPLIER_PAYABLE, debit=split.payout_reduction, organization_id=order.supplier_id),
        LedgerLine(
            LedgerAccount.PLATFORM_COMMISSION, debit=split.commission_reversed, organization_id=order.supplier_id
        ),
        LedgerLine(LedgerAccount.BUYER_REFUND_PAYABLE, credit=split.refund, organization_id=order.buyer_id),
        LedgerLine(LedgerAccount.VAT_OUTPUT, debit=split.vat_reversed, organization_id=order.supplier_id),
        LedgerLine(LedgerAccount.VAT_CLEARING, credit=split.vat_reversed, organization_id=order.supplier_id),
    ]


def refund_book(*, settlement: Settlement, claim_id: int, amount: Decimal) -> Refund:
    """Book one claim's refund out of the held payout, in the caller's transaction (which holds the
    settlement's row lock); a claim refunds at most once."""
    existing = Refund.objects.filter(claim_id=claim_id).first()
    if existing is not None:
        return existing
    if settlement.payout_status == PayoutStatus.RELEASED:
        raise PayoutAlreadyReleased()
    try:
        split = refund_split(
            refund=amount,
            gross=settlement.gross_amount,
            commission=settlement.commission_amount,
            vat=settlement.vat_amount,
            refunded_before=settlement.refunded_amount,
            commission_reversed_before=settlement.refunded_commission,
            vat_reversed_before=settlement.refunded_vat,
        )
    except RefundExceedsGross as exc:
        raise RefundTooLarge() from exc
    order = settlement.order
    txn = ledger_transaction_post(
        memo=f"Refund of claim {claim_id} on order {order.number}",
        lines=refund_ledger_lines(order=order, split=split),
        settlement=settlement,
        order=order,
    )
    refund = Refund.objects.create(
        settlement=settlement,
        claim_id=claim_id,
        amount=split.refund,
        commission_reversed=split.commission_reversed,
        vat_reversed=split.vat_reversed,
        payout_reduction=split.payout_reduction,
        ledger_transaction=txn,
    )
    settlement.refunded_amount += split.refund
    settlement.refunded_commission += split.commission_reversed
    settlement.refunded_vat += split.vat_reversed
    settlement.save(update_fields=["refunded_amount", "refunded_commission", "refunded_vat"])
    return refund
