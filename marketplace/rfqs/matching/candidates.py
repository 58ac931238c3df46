"""Listings as the matcher's candidates, loaded with the ORM (award path, portable matcher)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from catalog.models import Listing, PriceBreak
from marketplace.organizations.choices import OrganizationStatus
from marketplace.rfqs.matching.rules import Candidate

# Candidate field <- Listing lookup; rows are built by these names, never by position.
_COLUMNS = {
    "listing_id": "id",
    "supplier_id": "supplier_id",
    "supplier_rating": "supplier__rating",
    "brand": "brand__code",
    **{
        name: name
        for name in (
            "designation",
            "base_designation",
            "variant",
            "bearing_type",
            "seal",
            "clearance",
            "precision_rank",
            "bore_mm",
            "outer_diameter_mm",
            "width_mm",
            "quantity_available",
            "moq",
            "lead_time_days",
            "base_unit_price",
        )
    },
}


def visible_listings(buyer_id: int) -> Q:
    """Active listings of verified suppliers other than the buyer, with stock or a lead time."""
    return (
        Q(is_active=True, deleted_at__isnull=True, supplier__status=OrganizationStatus.VERIFIED)
        & ~Q(supplier_id=buyer_id)
        & (Q(quantity_available__gt=0) | Q(lead_time_days__gt=0))
    )


def candidates_where(where: Q) -> list[Candidate]:
    """The listings matching `where` as candidates, with their price breaks (two queries)."""
    rows = [
        dict(zip(_COLUMNS, values, strict=True))
        for values in Listing.objects.filter(where).values_list(*_COLUMNS.values())
    ]
    breaks: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    if rows:
        for listing_id, min_quantity, unit_price in PriceBreak.objects.filter(
            listing_id__in=[row["listing_id"] for row in rows]
        ).values_list("listing_id", "min_quantity", "unit_price"):
            breaks[listing_id].append((min_quantity, unit_price))
    return [Candidate(**row, breaks=tuple(breaks.get(row["listing_id"], ()))) for row in rows]
