"""The scorecard's counts for every supplier at once: one aggregate statement per source.

Set-based: each statement groups a table's window by supplier (optionally limited to some
suppliers), never a query per supplier. Table names come from model metadata; every value is
a bound parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from django.db import connection

from catalog.models import Listing
from marketplace.rfqs.models import Award, Quote, QuoteLine, Rfq, RfqDecline, RfqInvitation
from orders.choices import OrderStatus
from orders.claims.models import Claim
from orders.models import Order, OrderEvent, OrderLine

# An order with nothing but stock lines (lead time 0) is promised for dispatch within this many days.
IN_STOCK_DISPATCH_DAYS = 2

_ORDER = Order._meta.db_table
_EVENT = OrderEvent._meta.db_table
_LINE = OrderLine._meta.db_table
_LISTING = Listing._meta.db_table
_AWARD = Award._meta.db_table
_QUOTE_LINE = QuoteLine._meta.db_table
_RFQ = Rfq._meta.db_table
_INVITATION = RfqInvitation._meta.db_table
_QUOTE = Quote._meta.db_table
_DECLINE = RfqDecline._meta.db_table
_CLAIM = Claim._meta.db_table

# On time: shipped no later than confirmation + the promised lead time, which is the longest lead time
# among its lines (the listing's, or the quote line's for an award from a quote), at least the dispatch
# allowance. Written as ORs so the probes run only for orders slower than the allowance.
_ON_TIME = f"""(
    o.shipped_at <= o.confirmed_at + make_interval(days => %(dispatch)s)
    OR EXISTS (SELECT 1 FROM {_LINE} ol JOIN {_LISTING} l ON l.id = ol.listing_id
               WHERE ol.order_id = o.id AND o.shipped_at <= o.confirmed_at + make_interval(days => l.lead_time_days))
    OR EXISTS (SELECT 1 FROM {_AWARD} a JOIN {_QUOTE_LINE} ql ON ql.id = a.quote_line_id
               WHERE a.order_id = o.id AND o.shipped_at <= o.confirmed_at + make_interval(days => ql.lead_time_days))
)"""  # noqa: S608
# Cancelled by the supplier: it rejected the order, or let it lapse unconfirmed (the system's cancel).
_SUPPLIER_CANCELLED = f"""EXISTS (
    SELECT 1 FROM {_EVENT} e WHERE e.order_id = o.id AND e.to_status = %(cancelled)s
      AND (e.actor_organization_id = o.supplier_id OR (e.actor_organization_id IS NULL AND e.actor_id IS NULL
                                                        AND e.actor_label = 'system'))
)"""  # noqa: S608
_ORDERS = f"""
SELECT o.supplier_id,
       count(*) FILTER (WHERE o.shipped_at >= %(since)s) AS shipped,
       count(*) FILTER (WHERE o.shipped_at >= %(since)s AND {_ON_TIME}) AS shipped_on_time,
       count(*) FILTER (WHERE o.created_at >= %(since)s) AS placed,
       count(*) FILTER (WHERE o.created_at >= %(since)s AND o.status = %(cancelled)s
                        AND {_SUPPLIER_CANCELLED}) AS cancelled_by_supplier,
       count(*) FILTER (WHERE o.delivered_at >= %(since)s AND o.status = ANY(%(completed)s)) AS completed
FROM {_ORDER} o
WHERE (o.created_at >= %(since)s OR o.shipped_at >= %(since)s OR o.delivered_at >= %(since)s) {{suppliers}}
GROUP BY o.supplier_id
"""  # noqa: S608
# An invitation counts once its RFQ's deadline has passed or it was answered; an RFQ cancelled before
# the supplier answered does not count against it. Answered = first quote submission or the decline.
_INVITATIONS = f"""
SELECT s.supplier_id,
       count(*) AS invitations,
       count(*) FILTER (WHERE s.answered_at <= s.deadline) AS answered_in_time,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.answered_at - s.invited_at) / 3600)
           FILTER (WHERE s.answered_at <= s.deadline) AS median_response_hours
FROM (
    SELECT i.supplier_id, i.created_at AS invited_at, r.deadline, r.status,
           LEAST(q.created_at, d.created_at) AS answered_at
    FROM {_INVITATION} i
    JOIN {_RFQ} r ON r.id = i.rfq_id
    LEFT JOIN {_QUOTE} q ON q.rfq_id = i.rfq_id AND q.supplier_id = i.supplier_id
    LEFT JOIN {_DECLINE} d ON d.rfq_id = i.rfq_id AND d.supplier_id = i.supplier_id
    WHERE i.created_at >= %(since)s {{suppliers}}
) s
WHERE s.answered_at IS NOT NULL OR (s.deadline <= %(now)s AND s.status <> 'cancelled')
GROUP BY s.supplier_id
"""  # noqa: S608


# Ended with a refund: a refund_amount above zero (it stays null until a claim ends with one).
_CLAIMS = f"""
SELECT o.supplier_id, count(*) AS refunded
FROM {_ORDER} o JOIN {_CLAIM} c ON c.order_id = o.id
WHERE o.delivered_at >= %(since)s AND o.status = ANY(%(completed)s) AND c.refund_amount > 0 {{suppliers}}
GROUP BY o.supplier_id
"""  # noqa: S608


class OrderCounts(NamedTuple):
    supplier_id: int
    shipped: int
    shipped_on_time: int
    placed: int
    cancelled_by_supplier: int
    completed: int


class InvitationCounts(NamedTuple):
    supplier_id: int
    invitations: int
    answered_in_time: int
    median_response_hours: float | None


def _run(sql: str, params: dict, row: type) -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return {values[0]: row(**dict(zip(names, values, strict=True))) for values in cursor.fetchall()}


def _suppliers(alias: str, supplier_ids: Sequence[int] | None, params: dict) -> str:
    if supplier_ids is None:
        return ""
    params["suppliers"] = list(supplier_ids)
    return f"AND {alias}.supplier_id = ANY(%(suppliers)s)"


def order_counts(*, since: datetime, supplier_ids: Sequence[int] | None = None) -> dict[int, OrderCounts]:
    """Shipped, on time, placed, cancelled by the supplier and completed orders per supplier (one query)."""
    params: dict = {
        "since": since,
        "dispatch": IN_STOCK_DISPATCH_DAYS,
        "cancelled": OrderStatus.CANCELLED,
        "completed": [OrderStatus.DELIVERED, OrderStatus.SETTLED],
    }
    sql = _ORDERS.format(suppliers=_suppliers("o", supplier_ids, params))
    return _run(sql, params, OrderCounts)


def invitation_counts(
    *, since: datetime, now: datetime, supplier_ids: Sequence[int] | None = None
) -> dict[int, InvitationCounts]:
    """Invitations, those answered before the deadline and the median hours to answer, per supplier."""
    params: dict = {"since": since, "now": now}
    sql = _INVITATIONS.format(suppliers=_suppliers("i", supplier_ids, params))
    return _run(sql, params, InvitationCounts)


def claim_refund_counts(*, since: datetime, supplier_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Per supplier: claims that ended with a refund, on orders completed in the window (one query).

    This is the one place the claim rate reads claims (`orders.claims`)."""
    params: dict = {"since": since, "completed": [OrderStatus.DELIVERED, OrderStatus.SETTLED]}
    sql = _CLAIMS.format(suppliers=_suppliers("o", supplier_ids, params))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())
