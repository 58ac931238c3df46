"""Reading a supplier's scorecard (the stored one, or computed on the spot before the first run)."""

from __future__ import annotations

from django.utils import timezone

from marketplace.insights.models import Scorecard
from marketplace.insights.scorecards.scoring import WINDOW_DAYS
from marketplace.insights.scorecards.services import scorecards_compute
from marketplace.organizations.choices import OrganizationKind
from marketplace.organizations.models import Organization


def scorecard_of_supplier(*, organization_id: int) -> Scorecard | None:
    """The supplier's scorecard; None when the id is not a supplier organisation's.

    A supplier not yet reached by the periodic run gets one computed now (not stored)."""
    if not Organization.objects.filter(pk=organization_id, kind=OrganizationKind.SUPPLIER).exists():
        return None
    stored = Scorecard.objects.filter(organization_id=organization_id).first()
    if stored is not None:
        return stored
    now = timezone.now()
    result = scorecards_compute(supplier_ids=[organization_id], now=now)[organization_id]
    return Scorecard(
        organization_id=organization_id,
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
        computed_at=now,
    )
