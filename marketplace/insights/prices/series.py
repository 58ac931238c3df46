"""Reading the index: stored days, and the days after the last stored run computed on demand (cached)."""

from __future__ import annotations

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


def _on_demand(canonical: str, tier: str, first: date, last: date) -> dict[date, DayIndex]:
    key = f"price-index:{canonical}:{tier}:{first}:{last}"
    found = cache.get(key)
    if found is None:
        groups = trade_groups(first=first, last=last, canonical=canonical)
        found = {day: day_index(trades) for (_c, t, day), trades in groups.items() if t == tier}
        cache.set(key, found, ON_DEMAND_CACHE_SECONDS)
    return found


def index_series(*, canonical: str, tier: str, days: int) -> list[SeriesDay]:
    """One item per day, oldest first, ending today (China time); days without trades have no value."""
    today = china_today()
    first = today - timedelta(days=days - 1)
    through = stored_through()
    values: dict[date, DayIndex] = {}
    if through is not None and through >= first:
        for row in PriceIndexDay.objects.filter(
            canonical=canonical, tier=tier, day__gte=first, day__lte=min(through, today)
        ):
            values[row.day] = DayIndex(
                value=row.value,
                trades=row.trades,
                quantity=row.quantity,
                outliers_excluded=row.outliers_excluded,
                suppliers=row.suppliers,
            )
    live_from = first if through is None else max(first, through + timedelta(days=1))
    if live_from <= today:
        values.update(_on_demand(canonical, tier, live_from, today))
    return [
        SeriesDay(day=day, index=values[day]) if day in values else _empty(day)
        for day in (first + timedelta(days=n) for n in range(days))
    ]


def explained_series(*, canonical: str, tier: str, days: int) -> list[SeriesDay]:
    """The series computed from its trades, each day listing them with whether the screen excluded them."""
    today = china_today()
    first = today - timedelta(days=days - 1)
    groups = {day: trades for (_c, t, day), trades in trade_groups(first=first, last=today, canonical=canonical).items()
              if t == tier}  # fmt: skip
    found = []
    for day in (first + timedelta(days=n) for n in range(days)):
        trades = groups.get(day, [])
        item = SeriesDay(day=day, index=day_index(trades), trades=trades) if trades else _empty(day)
        item.trades = trades
        found.append(item)
    return found


TIERS = PriceIndexTier.values
