"""Settled trades for the price-index tests: a delivered order settled by the settlement service, dated."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from catalog.designations import parse
from catalog.models import Brand
from marketplace.organizations.models import Organization
from orders.models import Order, OrderLine
from orders.settlement.models import Settlement
from orders.settlement.services import order_settle
from tests.factories import OrganizationFactory

CHINA = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def brand(code: str, tier: str) -> Brand:
    found, _created = Brand.objects.get_or_create(code=code, defaults={"name": code, "tier": tier})
    if found.tier != tier:
        Brand.objects.filter(pk=found.pk).update(tier=tier)
    return found


def settled_trade(
    *,
    supplier: Organization,
    designation: str,
    brand_code: str,
    unit_price: str,
    quantity: int,
    day: date,
    hour: int = 12,
    buyer: Organization | None = None,
) -> OrderLine:
    """One order of one line, delivered and settled, its settlement dated `day` at `hour` China time."""
    price = Decimal(unit_price)
    total = (price * quantity).quantize(Decimal("0.01"))
    order = Order.objects.create(
        number=f"YD-PI{next(_numbers):07d}",
        buyer=buyer or OrganizationFactory(kind="buyer", status="verified"),
        supplier=supplier,
        status="delivered",
        total=total,
    )
    line = OrderLine.objects.create(
        order=order,
        brand=brand_code,
        designation=designation,
        canonical=parse(designation, brand=brand_code).canonical or "",
        quantity=quantity,
        unit_price=price,
        line_total=total,
    )
    order_settle(order_id=order.pk)
    at = datetime.combine(day, time(hour), tzinfo=CHINA)
    Settlement.objects.filter(order=order).update(settled_at=at)
    return line
