"""Reading trades for the index: lines of settled orders, dated by settlement in China time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from catalog.models import Brand
from marketplace.insights.models import PriceIndexTier
from marketplace.insights.prices.methodology import Trade
from orders.models import OrderLine

CHINA = ZoneInfo("Asia/Shanghai")
# (canonical, tier, day) → the day's trades.
TradeGroups = dict[tuple[str, str, date], list[Trade]]


def china_today() -> date:
    return datetime.now(CHINA).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA)


def brand_tiers() -> dict[str, str]:
    return dict(Brand.objects.values_list("code", "tier"))


def settled_lines(*, first: date, last: date, canonicals: Collection[str] | None = None) -> QuerySet[OrderLine]:
    """Lines of orders settled between the two China-time days (inclusive) of recognised bearings."""
    lines = OrderLine.objects.filter(
        order__settlement__settled_at__gte=day_start(first),
        order__settlement__settled_at__lt=day_start(last + timedelta(days=1)),
    ).exclude(canonical="")
    return lines.filter(canonical__in=canonicals) if canonicals is not None else lines


def _rows(lines: QuerySet[OrderLine]) -> Iterator[tuple]:
    return lines.values_list(
        "pk", "canonical", "brand", "unit_price", "quantity", "order__supplier_id", "order__settlement__settled_at"
    ).iterator(chunk_size=20_000)


def trade_groups(*, first: date, last: date, canonicals: Collection[str] | None = None) -> TradeGroups:
    """Every trade in the range, grouped by bearing, tier (`all` and the brand's own) and day."""
    tiers = brand_tiers()
    groups: TradeGroups = defaultdict(list)
    for pk, key, brand, unit_price, quantity, supplier, settled_at in _rows(
        settled_lines(first=first, last=last, canonicals=canonicals)
    ):
        trade = Trade(order_line=pk, supplier=supplier, unit_price=unit_price, quantity=quantity)
        day = settled_at.astimezone(CHINA).date()
        groups[(key, PriceIndexTier.ALL, day)].append(trade)
        groups[(key, tiers.get(brand, "domestic"), day)].append(trade)
    return groups
