"""The scorecard counts on databases without PostgreSQL's aggregates (the embedded SQLite default).

The same definitions as queries.py, read with a few ORM queries over the window and counted in
Python: fine for an embedded market, and tested against the SQL on the same histories.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Q

from marketplace.insights.scorecards.queries import IN_STOCK_DISPATCH_DAYS, InvitationCounts, OrderCounts
from marketplace.rfqs.models import Award, Quote, RfqDecline, RfqInvitation
from orders.choices import OrderStatus
from orders.claims.models import Claim
from orders.models import Order, OrderEvent, OrderLine

_COMPLETED = {OrderStatus.DELIVERED, OrderStatus.SETTLED}


def _scoped(queryset: object, supplier_ids: Sequence[int] | None, path: str = "supplier_id") -> object:
    return queryset if supplier_ids is None else queryset.filter(**{f"{path}__in": list(supplier_ids)})


def order_counts(*, since: datetime, supplier_ids: Sequence[int] | None = None) -> dict[int, OrderCounts]:
    orders = list(
        _scoped(
            Order.objects.filter(Q(created_at__gte=since) | Q(shipped_at__gte=since) | Q(delivered_at__gte=since)),
            supplier_ids,
        ).values("id", "supplier_id", "status", "created_at", "confirmed_at", "shipped_at", "delivered_at")
    )
    ids = [o["id"] for o in orders]
    promised: dict[int, int] = defaultdict(lambda: IN_STOCK_DISPATCH_DAYS)
    lead_times = [
        *OrderLine.objects.filter(order_id__in=ids, listing__isnull=False).values_list(
            "order_id", "listing__lead_time_days"
        ),
        *Award.objects.filter(order_id__in=ids, quote_line__isnull=False).values_list(
            "order_id", "quote_line__lead_time_days"
        ),
    ]
    for order_id, days in lead_times:
        promised[order_id] = max(promised[order_id], days)
    supplier_of = {o["id"]: o["supplier_id"] for o in orders}
    by_supplier_cancel = {
        order_id
        for order_id, actor_org, actor, label in OrderEvent.objects.filter(
            order_id__in=ids, to_status=OrderStatus.CANCELLED
        ).values_list("order_id", "actor_organization_id", "actor_id", "actor_label")
        if actor_org == supplier_of[order_id] or (actor_org is None and actor is None and label == "system")
    }
    tallies: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for o in orders:
        tally = tallies[o["supplier_id"]]
        if o["shipped_at"] and o["shipped_at"] >= since:
            tally[0] += 1
            if o["confirmed_at"] and o["shipped_at"] <= o["confirmed_at"] + timedelta(days=promised[o["id"]]):
                tally[1] += 1
        if o["created_at"] >= since:
            tally[2] += 1
            if o["status"] == OrderStatus.CANCELLED and o["id"] in by_supplier_cancel:
                tally[3] += 1
        if o["delivered_at"] and o["delivered_at"] >= since and o["status"] in _COMPLETED:
            tally[4] += 1
    return {supplier_id: OrderCounts(supplier_id, *tally) for supplier_id, tally in tallies.items()}


def invitation_counts(
    *, since: datetime, now: datetime, supplier_ids: Sequence[int] | None = None
) -> dict[int, InvitationCounts]:
    invitations = list(
        _scoped(RfqInvitation.objects.filter(created_at__gte=since), supplier_ids).values_list(
            "rfq_id", "supplier_id", "created_at", "rfq__deadline", "rfq__status"
        )
    )
    rfq_ids = {rfq_id for rfq_id, *_rest in invitations}
    answers: dict[tuple[int, int], datetime] = {}
    for model in (Quote, RfqDecline):
        for rfq_id, supplier_id, at in model.objects.filter(rfq_id__in=rfq_ids).values_list(
            "rfq_id", "supplier_id", "created_at"
        ):
            key = (rfq_id, supplier_id)
            answers[key] = min(at, answers.get(key, at))
    counted: dict[int, list] = defaultdict(lambda: [0, 0, []])
    for rfq_id, supplier_id, invited_at, deadline, status in invitations:
        answered = answers.get((rfq_id, supplier_id))
        if answered is None and (deadline > now or status == "cancelled"):
            continue
        tally = counted[supplier_id]
        tally[0] += 1
        if answered is not None and answered <= deadline:
            tally[1] += 1
            tally[2].append((answered - invited_at).total_seconds() / 3600)
    return {
        supplier_id: InvitationCounts(supplier_id, total, in_time, median(hours) if hours else None)
        for supplier_id, (total, in_time, hours) in counted.items()
    }


def claim_refund_counts(*, since: datetime, supplier_ids: Sequence[int] | None = None) -> dict[int, int]:
    rows = _scoped(
        Claim.objects.filter(order__delivered_at__gte=since, order__status__in=sorted(_COMPLETED), refund_amount__gt=0),
        supplier_ids,
        "order__supplier_id",
    ).values_list("order__supplier_id", flat=True)
    counts: dict[int, int] = defaultdict(int)
    for supplier_id in rows:
        counts[supplier_id] += 1
    return dict(counts)
