"""Reading the index: stored days, and the days after the last stored run computed on demand (cached)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max

from marketplace.insights.models import PriceIndexDay, PriceIndexRun, PriceIndexTier
from marketplace.insights.prices.methodology import DayIndex, day_index
from marketplace.insights.prices.trades import china_today, trade_groups

ON_DEMAND_CACHE_SECONDS = 60


@dataclass(slots=True)
class SeriesDay:
    day: date
    index: DayIndex
    trades: list[Any] | None = None  # the day's trades, for `explain`


def _empty(day: date) -> SeriesDay:
    return SeriesDay(day=day, index=DayIndex(value=None, trades=0, quantity=0, outliers_excluded=0, suppliers=0))


def stored_through() -> date | None:
    """The last day covered by a stored run (later days are computed on demand)."""
    return PriceIndexRun.objects.aggregate(last=Max("last_day"))["last"]


def _on_demand(canonicals: list[str], tier: str, first: date, last: date) -> dict[str, dict[date, DayIndex]]:
    """The days' values from their trades (one query for all the bearings), cached briefly."""
    # Designations hold spaces and any length: the key is a digest of the request.
    digest = hashlib.sha256("|".join([tier, str(first), str(last), *sorted(canonicals)]).encode()).hexdigest()
    key = f"price-index:{digest}"
    found = cache.get(key)
    if found is None:
        found = {canonical: {} for canonical in canonicals}
        for (canonical, t, day), trades in trade_groups(first=first, last=last, canonicals=canonicals).items():
            if t == tier:
                found[canonical][day] = day_index(trades)
        cache.set(key, found, ON_DEMAND_CACHE_SECONDS)
    return found


def index_series_many(*, canonicals: list[str], tier: str, days: int) -> dict[str, list[SeriesDay]]:
    """Each bearing's series over the last `days` days (China time), in a few queries whatever their number."""
    today = china_today()
    first = today - timedelta(days=days - 1)
    through = stored_through()
    values: dict[str, dict[date, DayIndex]] = {canonical: {} for canonical in canonicals}
    if canonicals and through is not None and through >= first:
        for row in PriceIndexDay.objects.filter(
            canonical__in=canonicals, tier=tier, day__gte=first, day__lte=min(through, today)
        ):
            values[row.canonical][row.day] = DayIndex(
                value=row.value,
                trades=row.trades,
                quantity=row.quantity,
                outliers_excluded=row.outliers_excluded,
                suppliers=row.suppliers,
            )
    live_from = first if through is None else max(first, through + timedelta(days=1))
    if canonicals and live_from <= today:
        for canonical, live in _on_demand(canonicals, tier, live_from, today).items():
            values[canonical].update(live)
    every_day = [first + timedelta(days=n) for n in range(days)]
    return {
        canonical: [SeriesDay(day=day, index=found[day]) if day in found else _empty(day) for day in every_day]
        for canonical, found in values.items()
    }


def index_series(*, canonical: str, tier: str, days: int) -> list[SeriesDay]:
    """One item per day, oldest first, ending today (China time); days without trades have no value."""
    return index_series_many(canonicals=[canonical], tier=tier, days=days)[canonical]


def explained_series(*, canonical: str, tier: str, days: int) -> list[SeriesDay]:
    """The series computed from its trades, each day listing them with whether the screen excluded them."""
    today = china_today()
    first = today - timedelta(days=days - 1)
    found_groups = trade_groups(first=first, last=today, canonicals=[canonical])
    groups = {day: trades for (_c, t, day), trades in found_groups.items() if t == tier}
    found = []
    for day in (first + timedelta(days=n) for n in range(days)):
        trades = groups.get(day, [])
        item = SeriesDay(day=day, index=day_index(trades), trades=trades) if trades else _empty(day)
        item.trades = trades
        found.append(item)
    return found


TIERS = PriceIndexTier.values
