"""Single-listing use cases: create, update, delete, suspend/restore."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Listing, ListingStatusEvent, PriceBreak
from catalog.services.inputs import BrandResolver, ListingInput, listing_input_clean
from catalog.services.parsing import INPUT_FIELDS, PARSED_FIELDS, parsed_attributes
from marketplace.core.exceptions import InvalidInput, NotAllowed
from marketplace.organizations.models import Organization, User

SKU_TAKEN = "listing_supplier_sku_uniq"


def _sku_taken() -> InvalidInput:
    message = _("A listing with this SKU already exists.")
    return InvalidInput(f"sku: {message}", errors={"sku": [message]})


def listing_current_input(listing: Listing) -> ListingInput:
    """The listing as input, so a partial update can be validated as a whole."""
    return ListingInput(
        sku=listing.sku,
        brand=listing.brand,
        designation=listing.designation,
        quantity_available=max(int(listing.quantity_available or 0), 0),
        moq=listing.moq,
        lead_time_days=listing.lead_time_days,
        warehouse_city=listing.warehouse_city,
        price_breaks=[(b.min_quantity, b.unit_price) for b in listing.price_breaks.all()],
    )


def _clean(data: Any, current: ListingInput | None = None) -> ListingInput:
    item, errors = listing_input_clean(data, brands=BrandResolver(), current=current)
    if item is None:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{field}: {messages[0]}", errors=errors)
    return item


def _assign(listing: Listing, item: ListingInput) -> None:
    listing.sku = item.sku
    listing.brand = item.brand
    listing.designation = item.designation
    for name in INPUT_FIELDS:
        setattr(listing, name, getattr(item, name))
    for name, value in parsed_attributes(item.designation, item.brand.code).items():
        setattr(listing, name, value)


def _replace_price_breaks(listing: Listing, breaks: list[tuple[int, Any]]) -> None:
    PriceBreak.objects.filter(listing=listing).delete()
    PriceBreak.objects.bulk_create(
        [PriceBreak(listing=listing, min_quantity=q, unit_price=price) for q, price in breaks]
    )


@transaction.atomic(durable=True)
def listing_create(*, supplier: Organization, data: Any) -> Listing:
    """Create a listing from client input; parsed attributes come from the designation engine."""
    item = _clean(data)
    listing = Listing(supplier=supplier, quantity_on_hand=item.quantity_available)
    _assign(listing, item)
    try:
        with transaction.atomic():
            listing.save()
    except IntegrityError as exc:
        if SKU_TAKEN in str(exc):
            raise _sku_taken() from exc
        raise
    _replace_price_breaks(listing, item.price_breaks)
    return Listing.objects.select_related("brand").prefetch_related("price_breaks").get(pk=listing.pk)


@transaction.atomic(durable=True)
def listing_update(*, listing: Listing, data: Any, actor: User, partial: bool = False) -> Listing:
    """Update a listing (PUT, or PATCH with `partial`).

    `quantity_available` is the ERP's sellable stock: on-hand becomes that number plus the
    units open orders hold, set with one conditional UPDATE on the current reservation, so a
    reservation made concurrently is never erased.
    """
    if actor.organization_id != listing.supplier_id and not actor.is_staff:
        raise NotAllowed()
    item = _clean(data, current=listing_current_input(listing) if partial else None)
    _assign(listing, item)
    fields = [
        "sku",
        "brand",
        "designation",
        "moq",
        "lead_time_days",
        "warehouse_city",
        "base_unit_price",
        "min_unit_price",
    ]
    try:
        with transaction.atomic():
            listing.save(update_fields=[*fields, *PARSED_FIELDS, "updated_at"])
    except IntegrityError as exc:
        if SKU_TAKEN in str(exc):
            raise _sku_taken() from exc
        raise
    if not partial or (isinstance(data, dict) and "quantity_available" in data):
        stock_set_available(listing_id=listing.pk, quantity=item.quantity_available)
    if not partial or (isinstance(data, dict) and "price_breaks" in data):
        _replace_price_breaks(listing, item.price_breaks)
    return Listing.objects.select_related("brand").prefetch_related("price_breaks").get(pk=listing.pk)


def stock_set_available(*, listing_id: int, quantity: int) -> None:
    """Sellable stock := quantity, keeping every open reservation (on_hand = quantity + reserved).

    Stating the stock confirms it (`stock_confirmed_at`), changed or not."""
    now = timezone.now()
    Listing.objects.filter(pk=listing_id).update(
        quantity_on_hand=F("quantity_reserved") + quantity, updated_at=now, stock_confirmed_at=now
    )


@transaction.atomic(durable=True)
def listings_confirm_stock(*, supplier: Organization, ids: Iterable[int] | None = None) -> int:
    """Confirm the stock of the supplier's own listings (all of them when `ids` is None), quantities
    unchanged; another supplier's ids confirm nothing. Returns how many were confirmed."""
    listings = Listing.objects.filter(supplier=supplier, deleted_at__isnull=True)
    if ids is not None:
        listings = listings.filter(pk__in=list(ids))
    now = timezone.now()
    return listings.update(stock_confirmed_at=now, updated_at=now)


@transaction.atomic(durable=True)
def listing_delete(*, listing: Listing, actor: User) -> bool:
    """Delete a listing; one that order lines point at is soft-deleted instead.

    A soft-deleted listing is inactive, hidden from every list and lookup, and frees its SKU;
    orders keep their reference to it. Returns True when the row was really deleted.
    """
    if actor.organization_id != listing.supplier_id and not actor.is_staff:
        raise NotAllowed()
    try:
        with transaction.atomic():
            listing.delete()
    except ProtectedError:
        now = timezone.now()
        Listing.objects.filter(pk=listing.pk).update(is_active=False, deleted_at=now, updated_at=now)
        return False
    return True


@transaction.atomic(durable=True)
def listing_set_active(*, listing: Listing, active: bool, actor: User | None, note: str = "") -> Listing:
    """Suspend (active=False) or restore a listing, with an audit row; a no-op if already so."""
    locked = Listing.objects.select_for_update(of=("self",)).get(pk=listing.pk)
    if locked.is_active != active:
        Listing.objects.filter(pk=locked.pk).update(is_active=active, updated_at=timezone.now())
        ListingStatusEvent.objects.create(listing=locked, is_active=active, actor=actor, note=note[:500])
    listing.refresh_from_db(fields=["is_active", "updated_at"])
    return listing
