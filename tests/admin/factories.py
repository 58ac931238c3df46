"""Listings and orders for the admin tests, written straight to the tables (no stock workflow needed)."""

from datetime import datetime
from decimal import Decimal

import factory

from catalog.designations import parse
from catalog.models import Brand, Listing, PriceBreak
from marketplace.core.money import quantize_money
from orders.models import Order, OrderEvent, OrderLine
from tests.factories import OrganizationFactory


def listing_make(*, supplier: object, designation: str, brand: str = "ZWZ", price: str = "10.00") -> Listing:
    """A listing with its attributes filled by the designation parser, as the catalog does."""
    parsed = parse(designation, brand)
    listing = Listing.objects.create(
        supplier=supplier,
        sku=f"{brand}-{designation}-{Listing.objects.count()}",
        brand=Brand.objects.get(code=brand),
        designation=designation,
        recognized=parsed.recognized,
        base_designation=parsed.base_designation or "",
        variant=parsed.variant,
        bearing_type=parsed.bearing_type or "",
        seal=parsed.seal or "",
        clearance=parsed.clearance or "",
        precision=parsed.precision or "",
        bore_mm=parsed.bore_mm,
        outer_diameter_mm=parsed.outer_diameter_mm,
        width_mm=parsed.width_mm,
        canonical=parsed.canonical or "",
        search_key=designation.upper(),
        quantity_on_hand=1000,
        base_unit_price=Decimal(price),
    )
    PriceBreak.objects.create(listing=listing, min_quantity=1, unit_price=Decimal(price))
    return listing


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"YD-TEST-{n:06d}")
    buyer = factory.SubFactory(OrganizationFactory, kind="buyer")
    supplier = factory.SubFactory(OrganizationFactory, kind="supplier")
    status = "placed"
    delivery_city = "Jinan"
    total = Decimal("100.00")


def order_make(
    *,
    status: str = "placed",
    total: str = "100.00",
    created_at: datetime | None = None,
    lines: list[tuple[Listing, int, str]] | None = None,
    **fields: object,
) -> Order:
    """An order with optional (listing, quantity, unit price) lines; the total follows the lines if given."""
    order = OrderFactory(status=status, total=Decimal(total), **fields)
    line_total = Decimal(0)
    for listing, quantity, unit_price in lines or []:
        amount = quantize_money(Decimal(unit_price) * quantity)
        line_total += amount
        OrderLine.objects.create(
            order=order,
            listing=listing,
            brand=listing.brand_id,
            designation=listing.designation,
            quantity=quantity,
            unit_price=Decimal(unit_price),
            line_total=amount,
        )
    if lines:
        order.total = line_total
    OrderEvent.objects.create(order=order, to_status="placed", actor_label="buyer")
    if created_at is not None:
        Order.objects.filter(pk=order.pk).update(created_at=created_at)
        order.created_at = created_at
    order.save(update_fields=["total"])
    return order
