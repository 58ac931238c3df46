"""The figures of the admin dashboard, each aggregated in SQL (a handful of queries in all).

Days are market days in the default time zone (Asia/Shanghai); rows are stored in UTC.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from catalog.designations import Designation, parse
from marketplace.core.money import quantize_money
from marketplace.insights.models import PriceIndexTier
from marketplace.insights.prices.barometer import market_barometer
from marketplace.insights.prices.series import SeriesDay, index_series_many
from marketplace.pools.models import Pool
from marketplace.pools.selectors import pools_closing_soon
from marketplace.rfqs.choices import RfqStatus
from marketplace.rfqs.models import Rfq
from orders.choices import OrderStatus
from orders.models import Order

TRADED_DAYS = 30
TREND_DAYS = 90
MAX_DESIGNATION_LENGTH = 120
ZERO = Decimal("0.00")
POOLS_CLOSING_WITHIN = timedelta(hours=24)
POOLS_CLOSING_SHOWN = 10


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    value: Decimal


@dataclass(frozen=True)
class DayValue:
    day: date
    value: Decimal


@dataclass(frozen=True)
class IndexTrend:
    """A bearing's price index per tier over the last TREND_DAYS days (from marketplace.insights)."""

    query: str
    designation: Designation
    canonical: str
    tiers: list[tuple[str, str, list[SeriesDay]]]  # (tier, label, one item per day)

    @property
    def has_values(self) -> bool:
        return any(item.index.value is not None for _t, _l, days in self.tiers for item in days)

    @property
    def traded_days(self) -> list[tuple[date, list[SeriesDay]]]:
        """The days with trades, newest first, each with its items per tier (for the table of counts)."""
        by_day = list(zip(*(days for _t, _l, days in self.tiers), strict=True))
        return [(items[0].day, list(items)) for items in reversed(by_day) if items[0].index.trades]


@dataclass(frozen=True)
class Dashboard:
    traded_today: Decimal
    traded_month: Decimal
    open_rfqs: int
    settlements_pending: int
    orders_by_status: list[StatusCount]
    traded_per_day: list[DayValue]
    trend: IndexTrend | None
    barometer: dict
    pools_closing_soon: list[Pool] = field(default_factory=list)  # open pools closing within 24 h, soonest first


def market_day_start(day: date) -> datetime:
    """Midnight of a market day in the default time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _traded_orders() -> QuerySet[Order]:
    return Order.objects.exclude(status=OrderStatus.CANCELLED)


def _headline(today: date) -> tuple[Decimal, Decimal, int]:
    """Today's and this month's traded value and the delivered orders still awaiting settlement."""
    traded = ~Q(status=OrderStatus.CANCELLED)
    row = Order.objects.aggregate(
        today=Sum("total", filter=traded & Q(created_at__gte=market_day_start(today))),
        month=Sum("total", filter=traded & Q(created_at__gte=market_day_start(today.replace(day=1)))),
        pending=Count("pk", filter=Q(status=OrderStatus.DELIVERED, settlement__isnull=True), distinct=True),
    )
    return quantize_money(row["today"] or ZERO), quantize_money(row["month"] or ZERO), row["pending"]


def _open_rfqs() -> int:
    return Rfq.objects.filter(status=RfqStatus.OPEN).count()


def _orders_by_status() -> list[StatusCount]:
    rows = {
        row["status"]: row
        for row in Order.objects.order_by().values("status").annotate(n=Count("pk"), value=Sum("total"))
    }
    return [
        StatusCount(
            status=status.value,
            label=str(status.label),
            count=rows.get(status.value, {}).get("n", 0),
            value=quantize_money(rows.get(status.value, {}).get("value") or ZERO),
        )
        for status in OrderStatus
    ]


def _traded_per_day(today: date, days: int) -> list[DayValue]:
    first = today - timedelta(days=days - 1)
    tz = timezone.get_default_timezone()
    rows = (
        _traded_orders()
        .filter(created_at__gte=market_day_start(first))
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .order_by()
        .values("day")
        .annotate(value=Sum("total"))
    )
    by_day = {row["day"]: row["value"] for row in rows}
    return [
        DayValue(day=day, value=quantize_money(by_day.get(day) or ZERO))
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]


def _index_trend(query: str, days: int) -> IndexTrend:
    designation = parse(query)
    if not designation.recognized or not designation.canonical:
        return IndexTrend(query=query, designation=designation, canonical="", tiers=[])
    tiers = [
        (
            tier,
            str(label),
            index_series_many(canonicals=[designation.canonical], tier=tier, days=days)[designation.canonical],
        )
        for tier, label in PriceIndexTier.choices
    ]
    return IndexTrend(query=query, designation=designation, canonical=designation.canonical, tiers=tiers)


def dashboard_figures(*, designation: str = "", now: datetime | None = None) -> Dashboard:
    """Every figure of the admin dashboard; `designation` adds that bearing's price trend."""
    today = timezone.localdate(now or timezone.now(), timezone.get_default_timezone())
    traded_today, traded_month, pending = _headline(today)
    query = designation.strip()[:MAX_DESIGNATION_LENGTH]
    return Dashboard(
        traded_today=traded_today,
        traded_month=traded_month,
        open_rfqs=_open_rfqs(),
        settlements_pending=pending,
        orders_by_status=_orders_by_status(),
        traded_per_day=_traded_per_day(today, TRADED_DAYS),
        trend=_index_trend(query, TREND_DAYS) if query else None,
        barometer=market_barometer(),
        pools_closing_soon=list(pools_closing_soon(within=POOLS_CLOSING_WITHIN, now=now)[:POOLS_CLOSING_SHOWN]),
    )
