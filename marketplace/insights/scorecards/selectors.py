"""Reading a supplier's scorecard (the stored one, or computed on the spot before the first run)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Value
from django.db.models.functions import Cast, Floor, Least
from django.utils import timezone

from marketplace.insights.models import Scorecard
from marketplace.insights.scorecards.scoring import WINDOW_DAYS, fell
from marketplace.insights.scorecards.services import scorecards_compute
from marketplace.organizations.choices import OrganizationKind, SupplierStanding
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


@dataclass(frozen=True)
class ScoreBand:
    label: str  # "70–79"
    count: int


@dataclass(frozen=True)
class StandingFall:
    organization_id: int
    name: str
    previous_standing: str
    standing: str
    score: Decimal
    changed_at: datetime


@dataclass(frozen=True)
class ScorecardDistribution:
    by_standing: list[tuple[str, str, int]]  # (standing, label, suppliers)
    bands: list[ScoreBand]  # scores in tens, 0–9 … 90–100
    fallen: list[StandingFall]  # standing fell in the last FALL_DAYS days


FALL_DAYS = 7
TOP_BAND = 9  # 90–100: a score of 100 joins the nineties
TOP_BAND = 9  # 90–100: a score of 100 joins the nineties
FALLEN_SHOWN = 50


def scorecard_distribution(*, now: datetime | None = None) -> ScorecardDistribution:
    """How suppliers' scores spread, and whose standing fell this week (three aggregate queries)."""
    counts = dict(Scorecard.objects.values_list("standing").annotate(n=Count("pk")))
    by_standing = [(value, str(label), counts.get(value, 0)) for value, label in SupplierStanding.choices]
    tens = dict(
        Scorecard.objects.annotate(band=Cast(Least(Floor(F("score") / 10), Value(Decimal(TOP_BAND))), IntegerField()))
        .values_list("band")
        .annotate(n=Count("pk"))
    )
    bands = [
        ScoreBand(label=f"{10 * n}–{10 * n + (10 if n == TOP_BAND else 9)}", count=tens.get(n, 0))
        for n in range(TOP_BAND + 1)
    ]
    since = (now or timezone.now()) - timedelta(days=FALL_DAYS)
    recent = (
        Scorecard.objects.filter(standing_changed_at__gte=since)
        .exclude(previous_standing="")
        .select_related("organization")
        .order_by("score", "organization_id")
    )
    fallen = [
        StandingFall(
            organization_id=card.organization_id,
            name=card.organization.name,
            previous_standing=card.previous_standing,
            standing=card.standing,
            score=card.score,
            changed_at=card.standing_changed_at,
        )
        for card in recent
        if fell(card.previous_standing, card.standing)
    ][:FALLEN_SHOWN]
    return ScorecardDistribution(by_standing=by_standing, bands=bands, fallen=fallen)
