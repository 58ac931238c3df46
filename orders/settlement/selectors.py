"""Reads for settlements, scoped to the supplier that owns them."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.organizations.models import Organization
from orders.choices import OrderStatus
from orders.models import Order
from orders.settlement.models import Settlement


def orders_awaiting_settlement(*, delivered_before: datetime, limit: int) -> list[int]:
    """Ids of delivered orders without a settlement, skipping rows a settling worker holds."""
    with transaction.atomic():
        return list(
            Order.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=OrderStatus.DELIVERED, settlement__isnull=True)
            .filter(
                Q(delivered_at__lt=delivered_before) | Q(delivered_at__isnull=True, updated_at__lt=delivered_before)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )


def month_bounds(period: date) -> tuple[datetime, datetime]:
    """The first instant of the month and of the next one, in the market's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime(period.year, period.month, 1, tzinfo=zone)
    year, month = (period.year + 1, 1) if period.month == 12 else (period.year, period.month + 1)  # noqa: PLR2004
    return start, datetime(year, month, 1, tzinfo=zone)


def settlements_for_supplier(*, supplier: Organization, period: date | None = None) -> QuerySet[Settlement]:
    """A supplier's settlements, newest first, optionally within one calendar month."""
    queryset = Settlement.objects.filter(order__supplier=supplier).select_related("order")
    if period is not None:
        start, end = month_bounds(period)
        queryset = queryset.filter(settled_at__gte=start, settled_at__lt=end)
    return queryset.order_by("-settled_at", "-pk")
