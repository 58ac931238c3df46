"""The parse step: a listing's attribute columns derived from its designation, never from the client."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from catalog.choices import PRECISION_RANK
from catalog.designations import parse
from catalog.services.inputs import fold_search_key

PARSED_FIELDS = (
    "recognized",
    "base_designation",
    "variant",
    "bearing_type",
    "seal",
    "clearance",
    "precision",
    "precision_rank",
    "bore_mm",
    "outer_diameter_mm",
    "width_mm",
    "canonical",
    "search_key",
)

# Columns an upsert rewrites on an existing listing (both the portable and the COPY path);
# is_active, currency, created_at and reservations stay as they are.
UPSERT_UPDATED_FIELDS = (
    "brand_id",
    "designation",
    *PARSED_FIELDS,
    "moq",
    "lead_time_days",
    "warehouse_city",
    "base_unit_price",
    "min_unit_price",
    "updated_at",
    # Every upsert states quantity_available (a required field), so it confirms the stock.
    "stock_confirmed_at",
)


def parsed_attributes(designation: str, brand_code: str) -> dict[str, Any]:
    """Column values for a designation as written under a brand (blank when not recognized)."""
    parsed = parse(designation, brand=brand_code)
    return {
        "recognized": parsed.recognized,
        "base_designation": parsed.base_designation or "",
        "variant": parsed.variant or "",
        "bearing_type": parsed.bearing_type or "",
        "seal": parsed.seal or "",
        "clearance": parsed.clearance or "",
        "precision": parsed.precision or "",
        "precision_rank": PRECISION_RANK.get(parsed.precision or "P0", 0),
        "bore_mm": _dimension(parsed.bore_mm),
        "outer_diameter_mm": _dimension(parsed.outer_diameter_mm),
        "width_mm": _dimension(parsed.width_mm),
        "canonical": (parsed.canonical or "")[:120],
        "search_key": fold_search_key(designation),
    }


def _dimension(value: Decimal | None) -> Decimal | None:
    # Columns hold 9 digits with 3 places (inch sizes); anything the table cannot hold is left unknown.
    if value is None or value >= Decimal("1000000") or value < 0:
        return None
    return value.quantize(Decimal("0.001"))
