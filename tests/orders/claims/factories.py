"""Delivered orders with lines to claim against, built directly (the order flow is tested in tests/orders)."""

from decimal import Decimal

from django.utils import timezone

from marketplace.organizations.models import Organization
from orders.models import Order, OrderLine
from tests.orders.settlement.factories import DeliveredOrderFactory

# (designation, quantity, unit price): 10 × 11.30 + 5 × 203.40 = 1130.00
LINES = (("6205-2RS C3", 10, Decimal("11.30")), ("22220 EK", 5, Decimal("203.40")))


def delivered_order(*, buyer: Organization, supplier: Organization, status: str = "delivered") -> Order:
    """A delivered order of 1130.00 in two lines between the given parties."""
    order = DeliveredOrderFactory(
        buyer=buyer, supplier=supplier, status=status, total=Decimal("1130.00"), delivered_at=timezone.now()
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                brand="SKF",
                designation=designation,
                quantity=quantity,
                unit_price=price,
                line_total=price * quantity,
            )
            for designation, quantity, price in LINES
        ]
    )
    return order
