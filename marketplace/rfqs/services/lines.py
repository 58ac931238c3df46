"""Turning a written RFQ line into stored attributes: parse the designation, let stated fields win."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.designations import normalize_brand
from catalog.services.parsing import designation_columns
from marketplace.rfqs.models import Rfq, RfqLine

BRAND_MAX_LENGTH = 32


def brand_code(text: str | None) -> str:
    """The canonical maker code for a written brand; an unknown maker is kept as written (upper case)."""
    if not text or not text.strip():
        return ""
    return normalize_brand(text) or text.strip().upper()[:BRAND_MAX_LENGTH]


def rfq_line_columns(*, designation: str, brand: str, stated: Mapping[str, Any]) -> dict[str, Any]:
    """The stored columns of a line: brand, recognised base, variant, attributes, dimensions and canonical,
    parsed by the catalog's helper with the fields the buyer states winning."""
    designation = designation.strip()
    brand = brand_code(brand)
    columns = designation_columns(designation, brand_code=brand or None, stated=stated)
    columns["brand"] = brand or columns["brand"]
    return {"designation": designation, **columns}


def rfq_line_build(*, rfq: Rfq, position: int, data: Mapping[str, Any]) -> RfqLine:
    """An unsaved line: a recognized designation states base, variant, type, seal, clearance,
    precision and dimensions; a field the buyer states alongside it overrides the parsed value.
    """
    return RfqLine(
        rfq=rfq,
        position=position,
        accept_equivalents=data.get("accept_equivalents", True),
        quantity=data["quantity"],
        target_unit_price=data.get("target_unit_price"),
        required_by=data.get("required_by"),
        **rfq_line_columns(designation=data.get("designation") or "", brand=data.get("brand") or "", stated=data),
    )
