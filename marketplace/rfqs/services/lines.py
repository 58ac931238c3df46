"""Turning a written RFQ line into stored attributes: parse the designation, let stated fields win."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from catalog.designations import normalize_brand, parse
from marketplace.rfqs.models import Rfq, RfqLine

BRAND_MAX_LENGTH = 32
STATED_ATTRIBUTES = ("bearing_type", "seal", "clearance", "precision")
DIMENSIONS = ("bore_mm", "outer_diameter_mm", "width_mm")


def brand_code(text: str | None) -> str:
    """The canonical maker code for a written brand; an unknown maker is kept as written (upper case)."""
    if not text or not text.strip():
        return ""
    return normalize_brand(text) or text.strip().upper()[:BRAND_MAX_LENGTH]


def canonical_for(base: str, seal: str, variant: str, clearance: str, precision: str) -> str:
    """`base[-seal][ variant][ clearance][ precision]`, defaults (open, CN, P0) left out, as the catalog writes it."""
    parts = [base if seal in ("", "open") else f"{base}-{seal}"]
    parts += [part for part in (variant, "" if clearance == "CN" else clearance) if part]
    if precision and precision != "P0":
        parts.append(precision)
    return " ".join(parts)


def _dimension(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.001"))


def rfq_line_build(*, rfq: Rfq, position: int, data: Mapping[str, Any]) -> RfqLine:
    """An unsaved line: a recognized designation states base, variant, type, seal, clearance,
    precision and dimensions; a field the buyer states alongside it overrides the parsed value.
    """
    designation = (data.get("designation") or "").strip()
    brand = brand_code(data.get("brand"))
    parsed = parse(designation, brand=brand or None) if designation else None
    recognized = bool(parsed and parsed.recognized)
    if not brand and recognized and parsed.brand:
        brand = parsed.brand
    attributes: dict[str, Any] = dict.fromkeys(STATED_ATTRIBUTES, "") | dict.fromkeys(DIMENSIONS)
    if recognized:
        attributes.update({name: getattr(parsed, name) or "" for name in STATED_ATTRIBUTES})
        attributes.update({name: _dimension(getattr(parsed, name)) for name in DIMENSIONS})
    for name in STATED_ATTRIBUTES:
        if data.get(name):
            attributes[name] = data[name]
    for name in DIMENSIONS:
        if data.get(name) is not None:
            attributes[name] = _dimension(data[name])
    base = parsed.base_designation if recognized else ""
    variant = parsed.variant if recognized else ""
    return RfqLine(
        rfq=rfq,
        position=position,
        designation=designation,
        brand=brand,
        accept_equivalents=data.get("accept_equivalents", True),
        recognized=recognized,
        base_designation=base or "",
        variant=variant or "",
        canonical=canonical_for(base, attributes["seal"], variant, attributes["clearance"], attributes["precision"])[
            :120
        ]
        if recognized
        else "",
        quantity=data["quantity"],
        target_unit_price=data.get("target_unit_price"),
        required_by=data.get("required_by"),
        **attributes,
    )
