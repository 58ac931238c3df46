"""Listings as the matcher's candidates, loaded with the ORM (award path, portable matcher)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q
from django.utils import timezone

from catalog.authorized import authorization_counts
from catalog.freshness import stock_status
from catalog.models import Listing, PriceBreak
from marketplace.organizations.choices import OrganizationStatus
from marketplace.organizations.ranking import ranking_score_expression
from marketplace.rfqs.matching.rules import Candidate

# Candidate field <- Listing lookup; rows are built by these names, never by position.
_FIELDS = {
    "listing_id": "id",
    "supplier_id": "supplier_id",
    "supplier_standing": "supplier__standing",
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
            "stock_confirmed_at",
        )
    },
}


def _columns() -> dict[str, Any]:
    """The lookups plus the expressions evaluated at read time (today's authorisations)."""
    return {
        **_FIELDS,
        "supplier_score": ranking_score_expression("supplier__"),
        "authorized": authorization_counts(supplier=OuterRef("supplier_id"), brand=OuterRef("brand_id")),
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
    columns = _columns()
    rows = [
        dict(zip(columns, values, strict=True))
        for values in Listing.objects.filter(where).values_list(*columns.values())
    ]
    now = timezone.now()
    for row in rows:
        row["stock_status"] = stock_status(row.pop("stock_confirmed_at"), now)
    breaks: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    if rows:
        for listing_id, min_quantity, unit_price in PriceBreak.objects.filter(
            listing_id__in=[row["listing_id"] for row in rows]
        ).values_list("listing_id", "min_quantity", "unit_price"):
            breaks[listing_id].append((min_quantity, unit_price))
    return [Candidate(**row, breaks=tuple(breaks.get(row["listing_id"], ()))) for row in rows]
