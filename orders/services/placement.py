"""Placing an order: price, check and reserve its lines, number it, announce it."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.designations import parse
from catalog.models import Listing, PriceBreak
from catalog.pricing import line_total, unit_price_for
from marketplace.core.exceptions import InvalidInput
from marketplace.core.limits import MAX_LINES
from marketplace.core.money import quantize_money
from marketplace.organizations.choices import OrganizationStatus
from marketplace.organizations.models import Organization
from orders.choices import OrderStatus
from orders.models import Order, OrderLine
from orders.services.events import order_event_record
from orders.services.stock import stock_reserve

ORDER_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class OrderLineSpec:
    """One line to order: from a listing (`listing_id`), or a free line awarded from a quote."""

    listing_id: int | None
    quantity: int
    unit_price: Decimal | None = None
    brand: str = ""
    designation: str = ""
    description: str = ""


def order_number(*, order_id: int, created_at: Any) -> str:
    """YD-YYYYMMDD-NNNNNN: the Shanghai date and the order's id (at least six digits, so always unique)."""
    return f"YD-{timezone.localtime(created_at, ORDER_TZ):%Y%m%d}-{order_id:06d}"


def _listings(ids: set[int]) -> dict[int, Listing]:
    breaks = Prefetch("price_breaks", queryset=PriceBreak.objects.only("listing_id", "min_quantity", "unit_price"))
    rows = (
        Listing.objects.filter(pk__in=ids)
        .select_related("brand", "supplier")
        .prefetch_related(breaks)
        .only(
            "pk",
            "designation",
            "canonical",
            "moq",
            "is_active",
            "deleted_at",
            "supplier_id",
            "brand__code",
            "supplier__status",
        )
    )
    return {listing.pk: listing for listing in rows}


def _visible(listing: Listing | None, buyer: Organization) -> bool:
    return bool(
        listing is not None
        and listing.is_active
        and listing.deleted_at is None
        and listing.supplier.status == OrganizationStatus.VERIFIED
        and listing.supplier_id != buyer.pk
    )


def _priced_lines(
    *, buyer: Organization, lines: Sequence[OrderLineSpec], supplier: Organization | None
) -> tuple[list[OrderLine], int]:
    """Build unsaved OrderLines with copied brand, designation and price; 400 naming each bad line."""
    errors: dict[str, list[str]] = {}
    listings = _listings({spec.listing_id for spec in lines if spec.listing_id is not None})
    supplier_id = supplier.pk if supplier is not None else None
    built: list[OrderLine] = []
    for index, spec in enumerate(lines):
        field = f"lines.{index}"
        if spec.quantity < 1:
            errors[f"{field}.quantity"] = [_("Ensure this value is greater than or equal to 1.")]
            continue
        if spec.listing_id is None:
            if spec.unit_price is None or spec.unit_price < 0 or not (spec.designation or spec.description):
                errors[field] = [_("A line without a listing needs a designation or description and a unit price.")]
                continue
            price = quantize_money(spec.unit_price)
            canonical = parse(spec.designation, brand=spec.brand or None).canonical if spec.designation else None
            built.append(
                _line(
                    None,
                    spec.brand,
                    spec.designation,
                    spec.quantity,
                    price,
                    description=spec.description,
                    canonical=canonical or "",
                )
            )
            continue
        listing = listings.get(spec.listing_id)
        if not _visible(listing, buyer):
            errors[f"{field}.listing"] = [_("No such listing is on sale.")]
            continue
        if supplier_id is None:
            supplier_id = listing.supplier_id
        if listing.supplier_id != supplier_id:
            errors[f"{field}.listing"] = [_("All lines of an order must come from one supplier.")]
            continue
        if spec.quantity < listing.moq:
            errors[f"{field}.quantity"] = [_("The minimum order quantity is %(moq)d.") % {"moq": listing.moq}]
            continue
        price = spec.unit_price
        if price is None:
            price = unit_price_for(((b.min_quantity, b.unit_price) for b in listing.price_breaks.all()), spec.quantity)
        if price is None:
            errors[f"{field}.quantity"] = [_("The listing has no price for this quantity.")]
            continue
        built.append(
            _line(
                listing.pk,
                listing.brand.code,
                listing.designation,
                spec.quantity,
                quantize_money(price),
                canonical=listing.canonical,
            )
        )
    if supplier_id is None and not errors:
        errors["supplier"] = [_("An order of free lines must name its supplier.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    return built, supplier_id


def _line(
    listing_id: int | None,
    brand: str,
    designation: str,
    quantity: int,
    price: Decimal,
    *,
    description: str = "",
    canonical: str = "",
) -> OrderLine:
    return OrderLine(
        listing_id=listing_id,
        brand=brand,
        designation=designation,
        description=description,
        canonical=canonical[:120],
        quantity=quantity,
        unit_price=price,
        line_total=line_total(price, quantity),
        quantity_reserved=quantity if listing_id is not None else 0,
    )


def _cache_lines(order: Order, lines: list[OrderLine]) -> None:
    """Keep the new lines as if prefetched, so rendering the order costs no query (Django's own idiom)."""
    queryset = order.lines.all()
    queryset._result_cache = lines
    queryset._prefetch_done = True
    order._prefetched_objects_cache = {"lines": queryset}


@transaction.atomic
def order_create(
    *,
    buyer: Organization,
    actor: Any,
    lines: Sequence[OrderLineSpec],
    delivery_city: str = "",
    supplier: Organization | None = None,
    rfq_id: int | None = None,
    pool_id: int | None = None,
    custom_request_id: int | None = None,
) -> Order:
    """Place one order with one supplier, reserving its listings' stock all or nothing.

    Not durable: an RFQ award, a pool's close or a custom award places orders inside its own
    transaction (each in a savepoint, so a refused order leaves nothing behind). The origin
    (`rfq_id`, `pool_id`, `custom_request_id`) is kept on the order as a plain id.
    """
    return _order_create(
        buyer=buyer,
        actor=actor,
        lines=lines,
        delivery_city=delivery_city,
        supplier=supplier,
        origin={"rfq_id": rfq_id, "pool_id": pool_id, "custom_request_id": custom_request_id},
    )


@transaction.atomic(durable=True)
def order_place(*, buyer: Organization, actor: Any, lines: Sequence[OrderLineSpec], delivery_city: str = "") -> Order:
    """A buyer's own order (the API's use case), in a transaction of its own (no savepoint needed)."""
    return _order_create(buyer=buyer, actor=actor, lines=lines, delivery_city=delivery_city)


def _order_create(
    *,
    buyer: Organization,
    actor: Any,
    lines: Sequence[OrderLineSpec],
    delivery_city: str,
    supplier: Organization | None = None,
    origin: dict[str, int | None] | None = None,
) -> Order:
    # Stock is reserved last, so the listing rows stay locked only for the reservation and the commit.
    if not lines:
        raise InvalidInput(_("An order needs at least one line."), errors={"lines": [_("This list may not be empty.")]})
    if len(lines) > MAX_LINES:
        raise InvalidInput(
            _("An order has at most %(n)d lines.") % {"n": MAX_LINES},
            errors={"lines": [_("Ensure this list has at most %(n)d elements.") % {"n": MAX_LINES}]},
        )
    built, supplier_id = _priced_lines(buyer=buyer, lines=lines, supplier=supplier)

    total = quantize_money(sum((line.line_total for line in built), Decimal(0)))
    # A unique placeholder until the id is known; the number is derived from the id so
    # concurrent orders never contend on a shared counter row.
    order = Order.objects.create(
        number=f"new-{uuid.uuid4().hex[:28]}",
        buyer=buyer,
        supplier_id=supplier_id,
        status=OrderStatus.PLACED,
        delivery_city=delivery_city,
        total=total,
        **(origin or {}),
    )
    order.number = order_number(order_id=order.pk, created_at=order.created_at)
    Order.objects.filter(pk=order.pk).update(number=order.number)
    for line in built:
        line.order = order
    OrderLine.objects.bulk_create(built)
    _cache_lines(order, built)
    order_event_record(order=order, from_status="", actor=actor, actor_org=buyer, note="")

    positions = [index for index, line in enumerate(built) if line.listing_id is not None]
    stock_reserve(lines=[(built[i].listing_id, built[i].quantity) for i in positions], positions=positions)
    return order
