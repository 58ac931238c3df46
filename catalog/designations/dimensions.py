"""Boundary dimensions (d, D, B/T) of basic designations, loaded once, lazily, from data/*.csv.

Provenance: data/boundary-dimensions.csv (see data/README.md); the `source` column of every row
names the catalogue or ISO dimension plan it comes from. Dimensions are brand-independent.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from .model import clean_mm

DATA_FILE = Path(__file__).with_name("data") / "boundary-dimensions.csv"
# One table per family beyond the standard series (same columns plus `closure`); see data/README.md.
FAMILY_FILES: tuple[str, ...] = (
    "hub-units.csv",
    "linear-bushings.csv",
    "plain-bearings.csv",
    "needle-rollers.csv",
    "thrust-four-point.csv",
    "inch-ball.csv",
    "inch-tapered.csv",
    "inserts.csv",
    "accessories.csv",
    "precision-wide.csv",
)
_ANGLE_RE = re.compile(r"^(7\d{3,4})(AC|A|B|C)$")
# The closure classes a width may depend on (R8 open 6.35, R8-2RS 7.938; NA4906 17, NA4906-2RS 18).
CLOSURES: dict[str, tuple[str, ...]] = {
    "open": ("",),
    "Z": ("shielded", "closed"),
    "2Z": ("shielded", "closed"),
    "RS": ("sealed", "closed"),
    "2RS": ("sealed", "closed"),
    "RZ": ("sealed", "closed"),
    "2RZ": ("sealed", "closed"),
}

Dimensions = tuple[Decimal | None, Decimal | None, Decimal | None]


@dataclass(frozen=True, slots=True)
class DimensionRow:
    """One row of the boundary-dimension table, as loaded into the database."""

    base_designation: str
    bearing_type: str
    bore_mm: Decimal
    outer_diameter_mm: Decimal | None
    width_mm: Decimal | None
    width_meaning: str
    source: str
    closure: str = ""  # "" = any closure; "shielded", "sealed" or "closed" = that closure only
    table: str = ""  # the data file the row comes from


@dataclass(frozen=True, slots=True)
class _Index:
    rows: tuple[DimensionRow, ...]
    by_base: dict[str, Dimensions]
    by_closure: dict[tuple[str, str], Dimensions]
    closure_bases: frozenset[str]
    by_bore: dict[Decimal, tuple[DimensionRow, ...]]
    cone_bore: dict[str, Decimal]
    cup_diameter: dict[str, Decimal]


def _decimal(text: str) -> Decimal:
    return snap_mm(clean_mm(Decimal(text.strip())))


def _optional(text: str | None) -> Decimal | None:
    return _decimal(text) if text and text.strip() else None


def _read_rows(path: Path) -> list[DimensionRow]:
    rows: list[DimensionRow] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            try:
                row = DimensionRow(
                    rec["base_designation"].strip(),
                    rec["bearing_type"].strip(),
                    _decimal(rec["bore_mm"]),
                    _optional(rec["outer_diameter_mm"]),
                    _optional(rec["width_mm"]),
                    rec["width_meaning"].strip(),
                    rec["source"].strip(),
                    (rec.get("closure") or "").strip(),
                    path.name,
                )
            except (InvalidOperation, AttributeError):
                continue  # a malformed data row must not take parsing down
            rows.append(row)
    return rows


@cache
def _index() -> _Index:
    rows = _read_rows(DATA_FILE)
    seen = {(r.base_designation, r.closure) for r in rows}
    for name in FAMILY_FILES:
        for row in _read_rows(DATA_FILE.with_name(name)):
            if (row.base_designation, row.closure) not in seen:  # the standard table wins a duplicate
                seen.add((row.base_designation, row.closure))
                rows.append(row)
    by_bore: dict[Decimal, list[DimensionRow]] = {}
    for row in rows:
        by_bore.setdefault(row.bore_mm, []).append(row)
    sets = [r for r in rows if r.bearing_type == "tapered_roller" and "/" in r.base_designation]
    cone_bore = {r.base_designation.split("/")[0]: r.bore_mm for r in sets}
    cup_diameter = {
        r.base_designation.split("/")[1]: r.outer_diameter_mm for r in sets if r.outer_diameter_mm is not None
    }
    return _Index(
        rows=tuple(rows),
        by_base={r.base_designation: (r.bore_mm, r.outer_diameter_mm, r.width_mm) for r in rows if not r.closure},
        by_closure={
            (r.base_designation, r.closure): (r.bore_mm, r.outer_diameter_mm, r.width_mm) for r in rows if r.closure
        },
        closure_bases=frozenset(r.base_designation for r in rows if r.closure),
        by_bore={k: tuple(v) for k, v in by_bore.items()},
        cone_bore=cone_bore,
        cup_diameter=cup_diameter,
    )


def dimensions_for(base: str, seal: str = "open") -> Dimensions | None:
    """(bore, outer diameter, width) in mm for a base designation with that closure, or None if not tabled.

    Where a width depends on the closure (R8, 16xx, NA49…-2RS), the closure's own row is used; with no
    such row the width is unknown (None) rather than the open bearing's.
    """
    index = _index()
    found = index.by_base.get(base)
    if seal != "open" and base in index.closure_bases:
        for closure in CLOSURES.get(seal, ()):
            closed = index.by_closure.get((base, closure))
            if closed is not None:
                return closed
        if found is not None:
            return (found[0], found[1], None)
    if found is not None:
        return found
    # Angular-contact bearings of one size share boundary dimensions whatever the contact angle.
    m = _ANGLE_RE.match(base)
    if m:
        return index.by_base.get(m.group(1)) or index.by_base.get(m.group(1) + "B")
    return None


def cone_bore(cone: str) -> Decimal | None:
    """Bore of an inch tapered cone known from a tabled cone/cup set."""
    return _index().cone_bore.get(cone)


def cup_diameter(cup: str) -> Decimal | None:
    """Outside diameter of an inch tapered cup known from a tabled cone/cup set."""
    return _index().cup_diameter.get(cup)


def _as_decimal(value: Decimal | int | str | float | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return clean_mm(Decimal(str(value)))
    except InvalidOperation:
        return None


def bases_with_dimensions(
    bore: Decimal | int | str | float,
    outer_diameter: Decimal | int | str | float | None = None,
    width: Decimal | int | str | float | None = None,
    bearing_type: str | None = None,
) -> list[str]:
    """Base designations with this bore (and OD, width, type when given), in table order."""
    d = _as_decimal(bore)
    if d is None:
        return []
    big_d, b = _as_decimal(outer_diameter), _as_decimal(width)
    return [
        r.base_designation
        for r in _index().by_bore.get(d, ())
        if (big_d is None or r.outer_diameter_mm == big_d)
        and (b is None or r.width_mm == b)
        and (bearing_type is None or r.bearing_type == bearing_type)
    ]


SNAP_TOLERANCE = Decimal("0.002")  # catalogues round one fraction of an inch differently (7.937 / 7.938)
_MM_PER_INCH = Decimal("25.4")
_INCH_PARTS = 64  # inch sizes are whole 64ths
_THOUSANDTH = Decimal("0.001")


def snap_mm(value: Decimal) -> Decimal:
    """A millimetre value that is a 64th of an inch within catalogue rounding, written one way.

    9/16 in is printed 14.287 by one catalogue and 14.288 by another; both become 14.288 (the exact
    14.2875 rounded half up), so tables, listings, searches and RFQ lines compare equal. Values given
    to 0.01 mm or coarser (metric sizes: 25, 30.5, 74.02) are left as they are.
    """
    if (value * 100) == (value * 100).to_integral_value():
        return value
    parts = (value / _MM_PER_INCH * _INCH_PARTS).to_integral_value(rounding=ROUND_HALF_UP)
    exact = parts * _MM_PER_INCH / _INCH_PARTS
    if abs(exact - value) > SNAP_TOLERANCE:
        return value
    return clean_mm(exact.quantize(_THOUSANDTH, rounding=ROUND_HALF_UP))


def iter_dimension_rows() -> Iterator[DimensionRow]:
    """Every tabled row, for loading into the database."""
    return iter(_index().rows)


def __getattr__(name: str) -> tuple[DimensionRow, ...]:
    # DIMENSION_ROWS is computed on first access so that importing the package stays cheap.
    if name == "DIMENSION_ROWS":
        return _index().rows
    raise AttributeError(name)
