"""Storing the index: a day range recomputed from its trades in one transaction (nightly, or on command)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from marketplace.insights.models import PriceIndexDay, PriceIndexRun
from marketplace.insights.prices.methodology import day_index
from marketplace.insights.prices.trades import china_today, trade_groups

NIGHTLY_DAYS = 7
BATCH = 5000


@transaction.atomic
def price_index_recompute(*, first: date, last: date) -> int:
    """Replace the stored days in [first, last] with values computed from their trades; returns rows written."""
    started = timezone.now()
    rows = []
    for (canonical, tier, day), trades in trade_groups(first=first, last=last).items():
        result = day_index(trades)
        rows.append(
            PriceIndexDay(
                canonical=canonical,
                tier=tier,
                day=day,
                value=result.value,
                trades=result.trades,
                quantity=result.quantity,
                outliers_excluded=result.outliers_excluded,
                suppliers=result.suppliers,
                computed_at=started,
            )
        )
    PriceIndexDay.objects.filter(day__gte=first, day__lte=last).delete()
    PriceIndexDay.objects.bulk_create(rows, batch_size=BATCH)
    PriceIndexRun.objects.create(
        first_day=first, last_day=last, rows=len(rows), started_at=started, finished_at=timezone.now()
    )
    return len(rows)


def price_index_recompute_recent(*, days: int = NIGHTLY_DAYS) -> int:
    """The nightly run: the previous `days` days up to yesterday (China time), so late bookings count."""
    yesterday = china_today() - timedelta(days=1)
    return price_index_recompute(first=yesterday - timedelta(days=days - 1), last=yesterday)
