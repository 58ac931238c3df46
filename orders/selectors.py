"""Reads of orders, scoped to the organisations on either side of them."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet

from marketplace.core.exceptions import NotFound
from marketplace.organizations.models import Organization
from orders.models import Order, OrderEvent, OrderLine

ORDER_TZ = ZoneInfo("Asia/Shanghai")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ORDER_TZ)


def orders_visible_to(
    organization: Organization | None,
    *,
    status: str | None = None,
    created_after: date | None = None,
    created_before: date | None = None,
    counterparty: int | None = None,
) -> QuerySet[Order]:
    """Orders the organisation bought or sold, newest first, with lines and both parties loaded.

    Dates are Shanghai calendar days: `created_after` includes its day, `created_before` excludes its own.
    """
    if organization is None:
        return Order.objects.none()
    queryset = (
        Order.objects.filter(Q(buyer=organization) | Q(supplier=organization))
        .select_related("buyer", "supplier", "settlement")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    if created_after:
        queryset = queryset.filter(created_at__gte=_day_start(created_after))
    if created_before:
        queryset = queryset.filter(created_at__lt=_day_start(created_before))
    if counterparty:
        queryset = queryset.filter(Q(buyer_id=counterparty) | Q(supplier_id=counterparty))
    return queryset


def order_get(organization: Organization | None, order_id: int) -> Order:
    """One order of the organisation's; any other id is simply not found."""
    order = orders_visible_to(organization).filter(pk=order_id).first()
    if order is None:
        raise NotFound()
    return order


def order_events(order: Order) -> QuerySet[OrderEvent]:
    """The order's audit trail, oldest first."""
    return OrderEvent.objects.filter(order_id=order.pk).order_by("at", "pk")


def order_events_visible_to(organization: Organization | None, order_id: int) -> QuerySet[OrderEvent]:
    """The audit trail of one of the organisation's orders; 404 for anyone else's."""
    sides = Q(buyer=organization) | Q(supplier=organization)
    if organization is None or not Order.objects.filter(sides, pk=order_id).exists():
        raise NotFound()
    return order_events(Order(pk=order_id))
