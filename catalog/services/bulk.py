"""Bulk upsert of listings by SKU: set-based, a handful of queries per batch whatever its size.

PostgreSQL goes through `bulk_copy` (COPY + INSERT … ON CONFLICT); other databases use the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Listing, PriceBreak
from catalog.services.bulk_copy import OPTIONAL_COLUMNS, listings_upsert_copy
from catalog.services.inputs import BrandResolver, ListingInput, listing_input_clean
from catalog.services.listings import SKU_TAKEN
from catalog.services.parsing import INPUT_FIELDS, UPSERT_UPDATED_FIELDS, parsed_attributes
from marketplace.core.exceptions import DomainError, InvalidInput
from marketplace.organizations.models import Organization

MAX_BULK_ITEMS = 1000


class BulkConflict(DomainError):
    code = "conflict"
    default_detail = gettext_lazy("Another request changed the same SKUs at the same time; retry.")


@dataclass
class BulkResult:
    """Outcome of a bulk upsert; `errors` holds {"index", "errors"} per refused item."""

    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    listing_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "errors": self.errors}


def listings_bulk_upsert(*, supplier: Organization, items: Sequence[Any]) -> BulkResult:
    """Create or update up to 1000 listings by SKU; each item lands whole or is reported by index.

    `quantity_available` sets sellable stock as in `listing_update` (reservations kept).
    """
    if not isinstance(items, list):
        raise InvalidInput(_("listings: Expected a list."), errors={"listings": [_("Expected a list.")]})
    if len(items) > MAX_BULK_ITEMS:
        message = _("At most %(n)d listings per request.") % {"n": MAX_BULK_ITEMS}
        raise InvalidInput(f"listings: {message}", errors={"listings": [message]})
    brands = BrandResolver()
    for attempt in range(2):
        try:
            with transaction.atomic(durable=True):
                return listings_upsert_batch(supplier=supplier, items=items, brands=brands)
        except IntegrityError as exc:
            # Two requests inserted the same new SKU; the retry sees it as existing.
            if SKU_TAKEN not in str(exc) or attempt:
                raise BulkConflict() from exc
    raise BulkConflict()  # pragma: no cover - the loop always returns or raises


def listings_upsert_batch(
    *,
    supplier: Organization,
    items: Sequence[Any],
    brands: BrandResolver | None = None,
    stated_columns: Sequence[frozenset[str]] | None = None,
    item_names: Sequence[str] | None = None,
) -> BulkResult:
    """The upsert itself, in the caller's transaction (the import runs one per chunk).

    `stated_columns` (per item, a spreadsheet row's non-blank columns): an update then keeps what the
    row does not state (see `listings_upsert_copy`). `item_names` names items in duplicate messages.
    """
    brands = brands or BrandResolver()
    result = BulkResult()
    valid: list[tuple[int, ListingInput]] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(items):
        item, errors = listing_input_clean(raw, brands=brands)
        if item is None:
            result.errors.append({"index": index, "errors": errors})
        elif item.sku in first_index:
            first = first_index[item.sku]
            if item_names is None:
                message = _("Duplicate SKU in this request (item %(n)d).") % {"n": first}
            else:
                message = _("Duplicate SKU, first seen at %(where)s.") % {"where": item_names[first]}
            result.errors.append({"index": index, "errors": {"sku": [message]}})
        else:
            first_index[item.sku] = index
            valid.append((index, item))
    if not valid:
        return result
    # Rows stating the same columns are written together (a sheet has a handful of such groups).
    groups: dict[frozenset[str] | None, list[tuple[int, ListingInput]]] = {}
    for index, item in valid:
        groups.setdefault(None if stated_columns is None else stated_columns[index], []).append((index, item))
    for columns, group in groups.items():
        if connection.vendor == "postgresql":
            created_ids, updated_ids = listings_upsert_copy(
                supplier_id=supplier.pk,
                items=[item for _index, item in group],
                now=timezone.now(),
                sheet_columns=columns,
            )
            result.created += len(created_ids)
            result.updated += len(updated_ids)
            result.listing_ids += created_ids + updated_ids
        else:
            _upsert_orm(supplier, group, result, columns)
    return result


def _upsert_orm(
    supplier: Organization,
    valid: list[tuple[int, ListingInput]],
    result: BulkResult,
    sheet_columns: frozenset[str] | None,
) -> None:
    """The portable path (the embedded SQLite default); adds to `result`."""
    existing = dict(
        Listing.objects.filter(
            supplier=supplier, deleted_at__isnull=True, sku__in=[item.sku for _index, item in valid]
        ).values_list("sku", "id")
    )
    now = timezone.now()
    creates: list[tuple[ListingInput, dict[str, Any]]] = []
    updates: list[tuple[int, ListingInput, dict[str, Any]]] = []
    for _index, item in valid:
        attributes = parsed_attributes(item.designation, item.brand.code)
        listing_id = existing.get(item.sku)
        if listing_id is None:
            creates.append((item, attributes))
        else:
            updates.append((listing_id, item, attributes))

    created_ids = _insert_rows(supplier, creates, now) if creates else []
    kept = frozenset() if sheet_columns is None else frozenset(OPTIONAL_COLUMNS) - sheet_columns
    if updates:
        _update_rows(updates, now, kept)
    breaks = [
        (listing_id, q, price)
        for listing_id, (item, _a) in zip(created_ids, creates, strict=True)
        for q, price in item.price_breaks
    ]
    if updates and sheet_columns is not None:
        _update_base_breaks([listing_id for listing_id, _i, _a in updates])
    elif updates:
        PriceBreak.objects.filter(listing_id__in=[listing_id for listing_id, _i, _a in updates]).delete()
        breaks += [(listing_id, q, price) for listing_id, item, _a in updates for q, price in item.price_breaks]
    _insert_price_breaks(breaks)
    result.created += len(created_ids)
    result.updated += len(updates)
    result.listing_ids += created_ids + [listing_id for listing_id, _i, _a in updates]


def _insert_rows(
    supplier: Organization, creates: list[tuple[ListingInput, dict[str, Any]]], now: datetime
) -> list[int]:
    """Insert new listings and return their ids in order."""
    listings = Listing.objects.bulk_create(
        [
            Listing(
                supplier=supplier,
                sku=item.sku,
                quantity_on_hand=item.quantity_available,
                **_row_values(item, attributes, now),
            )
            for item, attributes in creates
        ]
    )
    return [listing.pk for listing in listings]


def _insert_price_breaks(breaks: list[tuple[int, int, Any]]) -> None:
    if breaks:
        PriceBreak.objects.bulk_create([PriceBreak(listing_id=i, min_quantity=q, unit_price=p) for i, q, p in breaks])


def _update_rows(updates: list[tuple[int, ListingInput, dict[str, Any]]], now: datetime, kept: frozenset[str]) -> None:
    """One UPDATE for all rows; stock is set on top of the reservation the row holds right now."""
    listings = []
    for listing_id, item, attributes in updates:
        listing = Listing(pk=listing_id, **_row_values(item, attributes, now))
        listing.quantity_on_hand = F("quantity_reserved") + item.quantity_available
        listings.append(listing)
    fields = [name for name in UPSERT_UPDATED_FIELDS if name not in kept]
    Listing.objects.bulk_update(listings, [*fields, "quantity_on_hand"])


def _update_base_breaks(listing_ids: list[int]) -> None:
    """The portable twin of the COPY path's base-break update: smallest break gets the sheet's price."""
    listings = Listing.objects.filter(pk__in=listing_ids).prefetch_related("price_breaks")
    for listing in listings:
        breaks = sorted(listing.price_breaks.all(), key=lambda b: b.min_quantity)
        if not breaks:
            continue
        first = breaks[0]
        first.unit_price = listing.base_unit_price
        first.min_quantity = min(first.min_quantity, listing.moq)
        first.save(update_fields=["unit_price", "min_quantity"])
        listing.min_unit_price = min(b.unit_price for b in breaks)
        listing.save(update_fields=["min_unit_price"])


def _row_values(item: ListingInput, attributes: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "brand_id": item.brand.pk,
        "designation": item.designation,
        **attributes,
        **{name: getattr(item, name) for name in INPUT_FIELDS},
        "updated_at": now,
        "stock_confirmed_at": now,
    }
