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
from marketplace.pools.models import Pool
from marketplace.pools.selectors import pools_closing_soon
from marketplace.rfqs.choices import RfqStatus
from marketplace.rfqs.models import Rfq
from orders.choices import OrderStatus
from orders.models import Order, OrderLine

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
class PricePoint:
    day: date
    average_unit_price: Decimal
    quantity: int


@dataclass(frozen=True)
class PriceTrend:
    query: str
    designation: Designation
    scope: str  # the canonical designation, or "<base> (all variants)"
    points: list[PricePoint]


@dataclass(frozen=True)
class Dashboard:
    traded_today: Decimal
    traded_month: Decimal
    open_rfqs: int
    settlements_pending: int
    orders_by_status: list[StatusCount]
    traded_per_day: list[DayValue]
    trend: PriceTrend | None
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


def _price_trend(query: str, today: date, days: int) -> PriceTrend:
    designation = parse(query)
    if not designation.recognized:
        return PriceTrend(query=query, designation=designation, scope="", points=[])
    lines = OrderLine.objects.filter(
        listing__isnull=False,
        order__created_at__gte=market_day_start(today - timedelta(days=days - 1)),
    ).exclude(order__status=OrderStatus.CANCELLED)
    # A bare basic designation ("6205") asks for the whole family; anything more, for that exact bearing.
    if designation.canonical == designation.base_designation:
        lines = lines.filter(
            listing__base_designation=designation.base_designation, listing__variant=designation.variant
        )
        scope = f"{designation.base_designation} *"
    else:
        lines = lines.filter(listing__canonical=designation.canonical)
        scope = designation.canonical or ""
    rows = (
        lines.annotate(day=TruncDate("order__created_at", tzinfo=timezone.get_default_timezone()))
        .order_by("day")
        .values("day")
        .annotate(amount=Sum("line_total"), quantity=Sum("quantity"))
    )
    # Volume-weighted: the day's turnover over the day's units, divided in Decimal.
    points = [
        PricePoint(
            day=row["day"],
            average_unit_price=quantize_money(row["amount"] / row["quantity"]),
            quantity=row["quantity"],
        )
        for row in rows
        if row["quantity"]
    ]
    return PriceTrend(query=query, designation=designation, scope=scope, points=points)


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
        trend=_price_trend(query, today, TREND_DAYS) if query else None,
        pools_closing_soon=list(pools_closing_soon(within=POOLS_CLOSING_WITHIN, now=now)[:POOLS_CLOSING_SHOWN]),
    )
