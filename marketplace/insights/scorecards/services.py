"""Computing and storing scorecards, for every supplier or for the ones whose records moved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from marketplace.insights.models import Scorecard, ScorecardWatermark
from marketplace.insights.scorecards import portable, queries
from marketplace.insights.scorecards.scoring import WINDOW_DAYS, Counts, Result, scorecard
from marketplace.organizations.choices import OrganizationKind
from marketplace.organizations.models import Organization
from marketplace.organizations.services import organization_scores_set
from marketplace.rfqs.models import Quote, RfqDecline, RfqInvitation
from orders.claims.models import ClaimEvent
from orders.models import OrderEvent

BATCH = 2000


def scorecards_compute(*, supplier_ids: Sequence[int] | None = None, now: datetime | None = None) -> dict[int, Result]:
    """Every supplier's scorecard (or those of `supplier_ids`), from three aggregate queries."""
    now = now or timezone.now()
    since = now - timedelta(days=WINDOW_DAYS)
    if supplier_ids is None:
        ids = list(Organization.objects.filter(kind=OrganizationKind.SUPPLIER).values_list("pk", flat=True))
    else:
        ids = list(
            Organization.objects.filter(kind=OrganizationKind.SUPPLIER, pk__in=list(supplier_ids)).values_list(
                "pk", flat=True
            )
        )
    scope = None if supplier_ids is None else ids
    source = queries if connection.vendor == "postgresql" else portable
    orders = source.order_counts(since=since, supplier_ids=scope)
    invitations = source.invitation_counts(since=since, now=now, supplier_ids=scope)
    refunded = source.claim_refund_counts(since=since, supplier_ids=scope)
    results = {}
    for supplier_id in ids:
        o, i = orders.get(supplier_id), invitations.get(supplier_id)
        counts = Counts(
            shipped=o.shipped if o else 0,
            shipped_on_time=o.shipped_on_time if o else 0,
            placed=o.placed if o else 0,
            cancelled_by_supplier=o.cancelled_by_supplier if o else 0,
            completed=o.completed if o else 0,
            invitations=i.invitations if i else 0,
            answered_in_time=i.answered_in_time if i else 0,
            median_response_hours=(
                Decimal(str(i.median_response_hours)) if i and i.median_response_hours is not None else None
            ),
            refunded=refunded.get(supplier_id, 0),
        )
        results[supplier_id] = scorecard(counts)
    return results


@transaction.atomic(durable=True)
def scorecards_recompute(*, supplier_ids: Sequence[int] | None = None, now: datetime | None = None) -> int:
    """Recompute and store scorecards (all suppliers, or `supplier_ids`) and write the scores to the
    organisations for ranking. Idempotent; returns the number of suppliers written."""
    return _recompute(supplier_ids=supplier_ids, now=now or timezone.now())


def _recompute(*, supplier_ids: Sequence[int] | None, now: datetime) -> int:
    results = scorecards_compute(supplier_ids=supplier_ids, now=now)
    if not results:
        return 0
    stored = Scorecard.objects.all()
    if supplier_ids is not None:
        stored = stored.filter(organization_id__in=list(results))
    before = {
        row[0]: row[1:]
        for row in stored.values_list("organization_id", "standing", "previous_standing", "standing_changed_at")
    }
    rows = [_row(supplier_id, result, before.get(supplier_id), now) for supplier_id, result in results.items()]
    Scorecard.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["organization"],
        update_fields=[f.name for f in Scorecard._meta.concrete_fields if not f.primary_key],
    )
    organization_scores_set(
        scores={supplier_id: (result.score, result.standing) for supplier_id, result in results.items()},
        computed_at=now,
    )
    return len(rows)


def _row(supplier_id: int, result: Result, before: tuple | None, now: datetime) -> Scorecard:
    previous_standing, changed_at = "", None
    if before is not None:
        standing, previous_standing, changed_at = before
        if standing != result.standing:
            previous_standing, changed_at = standing, now
    return Scorecard(
        organization_id=supplier_id,
        window_days=WINDOW_DAYS,
        orders_completed=result.orders_completed,
        on_time_rate=result.on_time_rate,
        fill_rate=result.fill_rate,
        quote_response_rate=result.quote_response_rate,
        median_quote_response_hours=result.median_quote_response_hours,
        claim_rate=result.claim_rate,
        score=result.score,
        standing=result.standing,
        components=result.components,
        previous_standing=previous_standing,
        standing_changed_at=changed_at,
        computed_at=now,
    )


# Event tables whose new rows move a supplier's scorecard, read by primary key (indexed, increasing):
# source name → (model, path to the supplier id).
CHANGE_SOURCES = {
    "order_event": (OrderEvent, "order__supplier_id"),
    "quote": (Quote, "supplier_id"),
    "rfq_decline": (RfqDecline, "supplier_id"),
    "rfq_invitation": (RfqInvitation, "supplier_id"),
    "claim_event": (ClaimEvent, "claim__order__supplier_id"),
}
# Ids are taken in one order and committed in another: re-read this many below the mark each time, so a
# row committed late is still seen (recomputing a supplier twice is harmless).
REREAD_IDS = 200


def suppliers_changed(*, advance: bool = True) -> set[int]:
    """Suppliers with new order events, quotes, declines, invitations or claim events since the last call.

    A source read for the first time starts at its current end: the periodic full recompute covers history."""
    changed: set[int] = set()
    for source, (model, supplier_path) in CHANGE_SOURCES.items():
        mark, created = ScorecardWatermark.objects.select_for_update().get_or_create(source=source)
        newest = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if not created:
            rows = model.objects.filter(pk__gt=max(mark.last_id - REREAD_IDS, 0), pk__lte=newest)
            changed.update(rows.values_list(supplier_path, flat=True).distinct())
        if advance and newest != mark.last_id:
            mark.last_id = newest
            mark.save(update_fields=["last_id"])
    changed.discard(None)
    return changed


@transaction.atomic(durable=True)
def scorecards_refresh_changed(*, now: datetime | None = None) -> int:
    """Recompute the scorecards of suppliers whose records moved since the last refresh."""
    changed = suppliers_changed()
    if not changed:
        return 0
    return _recompute(supplier_ids=sorted(changed), now=now or timezone.now())
