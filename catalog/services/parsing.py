"""The parse step: a listing's attribute columns derived from its designation, never from the client."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from catalog.choices import PRECISION_RANK
from catalog.designations import parse, snap_mm
from catalog.designations.model import build_canonical
from catalog.designations.sizetext import size_from_text
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

# Listing columns copied as they are from a validated `ListingInput` of the same name.
INPUT_FIELDS = ("moq", "lead_time_days", "warehouse_city", "base_unit_price", "min_unit_price")

# Columns an upsert rewrites on an existing listing (both the portable and the COPY path);
# is_active, currency, created_at and reservations stay as they are.
# Every upsert states quantity_available (a required field), so it also confirms the stock.
UPSERT_UPDATED_FIELDS = ("brand_id", "designation", *PARSED_FIELDS, *INPUT_FIELDS, "updated_at", "stock_confirmed_at")


STATED_ATTRIBUTES = ("bearing_type", "seal", "clearance", "precision")
DIMENSIONS = ("bore_mm", "outer_diameter_mm", "width_mm")


def designation_columns(
    designation: str, *, brand_code: str | None, stated: Mapping[str, Any] | None = None, size_text: bool = False
) -> dict[str, Any]:
    """The attribute columns a designation as written gives (blank when not recognized), with the brand it names.

    Serves listings, RFQ lines, pools and custom requests alike. `stated` holds attributes or dimensions a
    buyer gives beside the designation: they win over the parsed ones, and the canonical name follows them.
    With `size_text`, text that is a size (`25x52x15`) is understood as the three dimensions alone.
    """
    parsed = parse(designation, brand=brand_code or None) if designation else None
    if parsed is None or not parsed.recognized:
        columns: dict[str, Any] = {
            "recognized": False,
            "brand": "",
            "base_designation": "",
            "variant": "",
            **dict.fromkeys(STATED_ATTRIBUTES, ""),
            **dict.fromkeys(DIMENSIONS),
            "canonical": "",
        }
    else:
        columns = {
            "recognized": True,
            "brand": parsed.brand or "",
            "base_designation": parsed.base_designation or "",
            "variant": parsed.variant or "",
            **{name: getattr(parsed, name) or "" for name in STATED_ATTRIBUTES},
            **{name: _dimension(getattr(parsed, name)) for name in DIMENSIONS},
            "canonical": (parsed.canonical or "")[:120],
        }
    size = size_from_text(designation) if size_text and designation and not columns["recognized"] else None
    if size is not None:
        columns.update(recognized=True, **{name: _dimension(mm) for name, mm in zip(DIMENSIONS, size, strict=True)})
    if not stated:
        return columns
    columns.update({name: stated[name] for name in STATED_ATTRIBUTES if stated.get(name)})
    columns.update({name: _dimension(stated[name]) for name in DIMENSIONS if stated.get(name) is not None})
    if columns["recognized"] and columns["base_designation"]:
        columns["canonical"] = build_canonical(
            columns["base_designation"], columns["seal"], columns["variant"], columns["clearance"], columns["precision"]
        )[:120]
    return columns


def parsed_attributes(designation: str, brand_code: str) -> dict[str, Any]:
    """A listing's column values for a designation as written under its brand (blank when not recognized)."""
    columns = designation_columns(designation, brand_code=brand_code)
    del columns["brand"]
    return {
        **columns,
        "precision_rank": PRECISION_RANK.get(columns["precision"] or "P0", 0),
        "search_key": fold_search_key(designation),
    }


def _dimension(value: Decimal | None) -> Decimal | None:
    # Columns hold 9 digits with 3 places (inch sizes); anything the table cannot hold is left unknown.
    if value is None or value >= Decimal("1000000") or value < 0:
        return None
    # An inch size written within catalogue rounding (14.287 for 14.288) is the catalogue's value.
    return snap_mm(value.quantize(Decimal("0.001")))
