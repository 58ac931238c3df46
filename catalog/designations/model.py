"""The parsed-designation value object, the attribute vocabulary and the precision ladder."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

BEARING_TYPES: tuple[str, ...] = (
    "deep_groove_ball",
    "angular_contact_ball",
    "self_aligning_ball",
    "cylindrical_roller",
    "spherical_roller",
    "tapered_roller",
    "thrust_ball",
    "thrust_roller",
    "needle_roller",
    "insert_unit",
    "hub_unit",
    "linear_ball",
    "spherical_plain",
    "rod_end",
    "accessory",
    "other",
)
SEALS: tuple[str, ...] = ("open", "Z", "2Z", "RS", "2RS", "RZ", "2RZ")
CLEARANCES: tuple[str, ...] = ("C2", "CN", "C3", "C4", "C5", "CM")
PRECISIONS: tuple[str, ...] = ("P0", "P6", "P5", "P4", "P2")

# Variant tokens name features that make a different bearing; this order is the canonical one.
VARIANT_ORDER: tuple[str, ...] = (
    "K", "K30", "N", "NR", "LF", "FKM", "SS", "INS", "INSI", "VA405", "VA406", "DB", "DF", "DT",
    "HC", "CC0", "CC1", "CC9",
)  # fmt: skip

_PRECISION_RANK = {p: rank for rank, p in enumerate(PRECISIONS)}
_ABEC = {"ABEC1": "P0", "ABEC3": "P6", "ABEC5": "P5", "ABEC7": "P4", "ABEC9": "P2"}


def precision_rank(precision: str) -> int:
    """Rank on the ISO 492 ladder (P0=0 … P2=4); ABEC 1/3/5/7/9 accepted; ValueError if unknown."""
    key = precision.strip().upper().replace(" ", "").replace("-", "")
    key = _ABEC.get(key, key)
    if key == "PN":
        key = "P0"
    try:
        return _PRECISION_RANK[key]
    except KeyError:
        raise ValueError(f"unknown precision class: {precision!r}") from None


def precision_satisfies(have: str | None, need: str | None) -> bool:
    """True when a bearing of class `have` meets a requirement of class `need` (None = P0)."""
    try:
        return precision_rank(have or "P0") >= precision_rank(need or "P0")
    except ValueError:
        return False


def format_mm(value: Decimal | None) -> str | None:
    """Decimal millimetres as a plain string without exponent or trailing zeros ("25", "16.25")."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def clean_mm(value: Decimal) -> Decimal:
    """Normalise a Decimal so that its str() is plain ("100", not "1E+2")."""
    return Decimal(format(value.normalize(), "f"))


def sort_variant(tokens: set[str] | frozenset[str]) -> str:
    """Space-joined variant tokens in canonical order."""
    return " ".join(sorted(tokens, key=VARIANT_ORDER.index))


def build_canonical(base: str, seal: str, variant: str, clearance: str, precision: str, *, tail: str = "") -> str:
    """`base[-seal][ variant…][ clearance][ precision][/tail]`, defaults (open, CN, P0) left out."""
    parts = [base if seal == "open" else f"{base}-{seal}"]
    if variant:
        parts.append(variant)
    if clearance != "CN":
        parts.append(clearance)
    if precision != "P0":
        parts.append(precision)
    text = " ".join(parts)
    return f"{text}/{tail}" if tail else text


@dataclass(frozen=True, slots=True)
class Designation:
    """Brand-neutral attributes of one written designation; all None when not recognized."""

    input: str
    recognized: bool
    brand: str | None = None
    base_designation: str | None = None
    bearing_type: str | None = None
    seal: str | None = None
    clearance: str | None = None
    precision: str | None = None
    variant: str = ""
    bore_mm: Decimal | None = None
    outer_diameter_mm: Decimal | None = None
    width_mm: Decimal | None = None
    canonical: str | None = None
    design_suffixes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The API contract's shape (dimensions as decimal strings)."""
        return {
            "input": self.input,
            "recognized": self.recognized,
            "brand": self.brand,
            "base_designation": self.base_designation,
            "bearing_type": self.bearing_type,
            "seal": self.seal,
            "clearance": self.clearance,
            "precision": self.precision,
            "bore_mm": format_mm(self.bore_mm),
            "outer_diameter_mm": format_mm(self.outer_diameter_mm),
            "width_mm": format_mm(self.width_mm),
            "canonical": self.canonical,
        }

    @property
    def match_key(self) -> tuple[str | None, ...]:
        """Attributes that must be equal for two designations to be the same bearing (precision aside)."""
        return (self.base_designation, self.variant, self.seal, self.clearance)


def same_bearing(a: Designation, b: Designation) -> bool:
    """True when both are recognized and denote the same bearing, precision included."""
    return a.recognized and b.recognized and a.match_key == b.match_key and a.precision == b.precision


def satisfies(offer: Designation, need: Designation) -> bool:
    """True when `offer` can fill a request for `need`: same bearing, precision class at least as high."""
    return (
        offer.recognized
        and need.recognized
        and offer.match_key == need.match_key
        and precision_satisfies(offer.precision, need.precision)
    )
