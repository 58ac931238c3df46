"""The market barometer: traded value today and this week, and the most traded bearings with their index."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum

from marketplace.insights.models import PriceIndexTier
from marketplace.insights.prices.series import SeriesDay, index_series_many
from marketplace.insights.prices.trades import china_today, day_start, settled_lines
from orders.settlement.models import Settlement

TOP = 20
TOP_WINDOW_DAYS = 30
CACHE_SECONDS = 60
CHANGE_PLACES = Decimal("0.0001")


def _value_on_or_before(series: list[SeriesDay], day: date) -> Decimal | None:
    """The last published value on or before `day`."""
    found = None
    for item in series:
        if item.day > day:
            break
        if item.index.value is not None:
            found = item.index.value
    return found


def _change(latest: Decimal | None, before: Decimal | None) -> Decimal | None:
    if latest is None or not before:
        return None
    return ((latest - before) / before).quantize(CHANGE_PLACES, rounding=ROUND_HALF_UP)


def _top_item(canonical: str, trades_30d: int, series: list[SeriesDay], today: date) -> dict[str, Any]:
    published = [item for item in series if item.index.value is not None and item.day > today - timedelta(days=30)]
    latest = published[-1] if published else None
    value = latest.index.value if latest else None
    at = latest.day if latest else today
    return {
        "canonical": canonical,
        "value": value,
        "change_7d": _change(value, _value_on_or_before(series, at - timedelta(days=7))),
        "change_30d": _change(value, _value_on_or_before(series, at - timedelta(days=30))),
        "trades_30d": trades_30d,
    }


def market_barometer() -> dict[str, Any]:
    """Today's and the week's traded value (settled gross), the week's orders, and the top bearings."""
    found = cache.get("price-index:barometer")
    if found is not None:
        return found
    today = china_today()
    week = Settlement.objects.filter(settled_at__gte=day_start(today - timedelta(days=6))).aggregate(
        value_7d=Sum("gross_amount"),
        orders_7d=Count("pk"),
        value_today=Sum("gross_amount", filter=Q(settled_at__gte=day_start(today))),
    )
    most_traded = list(
        settled_lines(first=today - timedelta(days=TOP_WINDOW_DAYS - 1), last=today)
        .values("canonical")
        .annotate(units=Sum("quantity"), trades=Count("pk"))
        .order_by("-units", "canonical")[:TOP]
    )
    series = index_series_many(
        canonicals=[row["canonical"] for row in most_traded], tier=PriceIndexTier.ALL, days=2 * TOP_WINDOW_DAYS + 1
    )
    found = {
        "date": today,
        "traded_value_today": week["value_today"] or Decimal("0.00"),
        "traded_value_7d": week["value_7d"] or Decimal("0.00"),
        "orders_7d": week["orders_7d"],
        "top": [_top_item(row["canonical"], row["trades"], series[row["canonical"]], today) for row in most_traded],
    }
    cache.set("price-index:barometer", found, CACHE_SECONDS)
    return found
