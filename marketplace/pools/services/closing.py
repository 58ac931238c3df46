"""Closing a pool exactly once at closes_at: the settling rule, then one order per remaining buyer."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.pools.choices import CommitmentStatus, PoolItemKind, PoolStatus
from marketplace.pools.models import Commitment, Pool
from marketplace.pools.services.events import commitment_status_check, pool_status_set
from marketplace.pools.services.pools import pool_close_schedule_if_near
from marketplace.pools.tiers import Outcome, Pledge, Tier, settle
from orders.notifications.services import outbox_publish_many
from orders.services import OrderLineSpec, order_create

logger = logging.getLogger(__name__)
BATCH_SIZE = 200


def pool_outcome(*, pool: Pool, commitments: list[Commitment]) -> Outcome:
    """The settling rule applied to the pool's tiers and these commitments (keys are commitment ids)."""
    tiers = [Tier(t.min_total_quantity, t.unit_price) for t in pool.tiers.order_by("position")]
    pledges = [Pledge(key=c.pk, quantity=c.quantity, max_unit_price=c.max_unit_price) for c in commitments]
    return settle(tiers, pledges)


def _line_description(pool: Pool) -> str:
    values = {"id": pool.pk, "item": pool.item_label, "unit": pool.get_unit_display().lower()}
    return (_("Pooled purchase #%(id)d: %(item)s, per %(unit)s") % values)[:500]


def _line(pool: Pool, quantity: int, price: Decimal) -> OrderLineSpec:
    bearing = pool.kind == PoolItemKind.BEARING
    return OrderLineSpec(
        listing_id=None,
        quantity=quantity,
        unit_price=price,
        brand=pool.brand.code if bearing and pool.brand_id else "",
        designation=pool.designation if bearing else f"{pool.steel_grade} {pool.steel_form} {pool.size_mm}",
        description=_line_description(pool),
    )


def _close(pool: Pool, commitments: list[Commitment], outcome: Outcome) -> list[tuple[str, dict[str, Any], list[int]]]:
    price = outcome.tier.unit_price
    by_id = {c.pk: c for c in commitments}
    for pledge in outcome.kept:
        commitment = by_id[pledge.key]
        commitment_status_check(commitment, CommitmentStatus.ORDERED)
        commitment.order = order_create(
            buyer=commitment.buyer,
            actor=None,
            lines=[_line(pool, commitment.quantity, price)],
            supplier=pool.owner,
            delivery_city=pool.delivery_city,
            pool_id=pool.pk,
        )
        commitment.status = CommitmentStatus.ORDERED
    for pledge in outcome.priced_out:
        commitment_status_check(by_id[pledge.key], CommitmentStatus.PRICED_OUT)
        by_id[pledge.key].status = CommitmentStatus.PRICED_OUT
    Commitment.objects.bulk_update(commitments, ["status", "order"])
    pool.final_unit_price = price
    pool.final_quantity = outcome.total_quantity
    note = _("Settled at %(price)s for %(quantity)d; %(out)d commitment(s) priced out.") % {
        "price": price,
        "quantity": outcome.total_quantity,
        "out": len(outcome.priced_out),
    }
    pool_status_set(pool=pool, to_status=PoolStatus.CLOSED, note=note)
    base = {"id": pool.pk, "title": pool.title, "status": pool.status, "final_unit_price": str(price)}
    summary = {"final_quantity": pool.final_quantity, "orders": len(outcome.kept)}
    events = [("pool.closed", base | summary, [pool.owner_id])]
    for commitment in commitments:
        order = commitment.order
        data = base | {
            "included": order is not None,
            "order": order.pk if order else None,
            "number": order.number if order else "",
        }
        events.append(("pool.closed", data, [commitment.buyer_id]))
    return events


def _fail(pool: Pool, commitments: list[Commitment]) -> list[tuple[str, dict[str, Any], list[int]]]:
    first = pool.tiers.order_by("position").first()
    note = _("%(total)d committed, below the first tier's %(min)d.") % {
        "total": pool.total_committed,
        "min": first.min_total_quantity if first else 0,
    }
    pool_status_set(pool=pool, to_status=PoolStatus.FAILED, note=note)
    data = {"id": pool.pk, "title": pool.title, "status": pool.status, "total_committed": pool.total_committed}
    return [("pool.failed", data, [pool.owner_id, *(c.buyer_id for c in commitments)])]


@transaction.atomic(durable=True)
def pool_close(*, pool_id: int, now: datetime | None = None) -> Pool | None:
    """Settle an open pool whose closing time has passed; None when there is nothing to do (safe to repeat).

    The pool row is locked first, so a racing close waits and then finds it settled, and a
    commitment either got in before the lock or is refused (409) after it.
    """
    pool = Pool.objects.select_for_update(of=("self",)).select_related("owner", "brand").filter(pk=pool_id).first()
    if pool is None or pool.status != PoolStatus.OPEN or pool.closes_at > (now or timezone.now()):
        return None
    commitments = list(
        Commitment.objects.filter(pool=pool, status=CommitmentStatus.ACTIVE).select_related("buyer").order_by("pk")
    )
    outcome = pool_outcome(pool=pool, commitments=commitments)
    events = _fail(pool, commitments) if outcome.tier is None else _close(pool, commitments, outcome)
    outbox_publish_many(events=events)
    return pool


def pools_close_due(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """The sweep: close every open pool past closes_at (each in its own transaction) and queue the
    closing task of pools coming within the horizon; returns how many closed."""
    now = now or timezone.now()
    due = list(
        Pool.objects.filter(status=PoolStatus.OPEN, closes_at__lte=now)
        .order_by("closes_at", "pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    closed = 0
    for pool_id in due:
        try:
            closed += pool_close(pool_id=pool_id) is not None
        except Exception:
            # One pool that cannot close must not keep the others open; it is retried next sweep.
            logger.exception("Closing pool %s failed", pool_id)
    horizon = now + timedelta(seconds=settings.MARKETPLACE_POOL_CLOSE_ETA_HORIZON_SECONDS)
    upcoming = Pool.objects.filter(
        status=PoolStatus.OPEN, close_scheduled_at__isnull=True, closes_at__gt=now, closes_at__lte=horizon
    )
    for pool in upcoming[:batch_size]:
        with transaction.atomic():
            pool_close_schedule_if_near(pool=pool, now=now)
    return closed
