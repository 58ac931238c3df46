"""Boundary dimensions (d, D, B/T) of basic designations, loaded once, lazily, from data/*.csv.

Provenance: data/boundary-dimensions.csv (see data/README.md); the `source` column of every row
names the catalogue or ISO dimension plan it comes from. Dimensions are brand-independent.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from .model import clean_mm

DATA_FILE = Path(__file__).with_name("data") / "boundary-dimensions.csv"
_ANGLE_RE = re.compile(r"^(7\d{3,4})(AC|A|B|C)$")

Dimensions = tuple[Decimal, Decimal, Decimal]


@dataclass(frozen=True, slots=True)
class DimensionRow:
    """One row of the boundary-dimension table, as loaded into the database."""

    base_designation: str
    bearing_type: str
    bore_mm: Decimal
    outer_diameter_mm: Decimal
    width_mm: Decimal
    width_meaning: str
    source: str


@dataclass(frozen=True, slots=True)
class _Index:
    rows: tuple[DimensionRow, ...]
    by_base: dict[str, Dimensions]
    by_bore: dict[Decimal, tuple[DimensionRow, ...]]
    cone_bore: dict[str, Decimal]


def _decimal(text: str) -> Decimal:
    return clean_mm(Decimal(text.strip()))


@cache
def _index() -> _Index:
    rows: list[DimensionRow] = []
    with DATA_FILE.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            try:
                row = DimensionRow(
                    rec["base_designation"].strip(),
                    rec["bearing_type"].strip(),
                    _decimal(rec["bore_mm"]),
                    _decimal(rec["outer_diameter_mm"]),
                    _decimal(rec["width_mm"]),
                    rec["width_meaning"].strip(),
                    rec["source"].strip(),
                )
            except (InvalidOperation, AttributeError):
                continue  # a malformed data row must not take parsing down
            rows.append(row)
    by_bore: dict[Decimal, list[DimensionRow]] = {}
    for row in rows:
        by_bore.setdefault(row.bore_mm, []).append(row)
    cone_bore = {r.base_designation.split("/")[0]: r.bore_mm for r in rows if r.bearing_type == "tapered_roller"}
    return _Index(
        rows=tuple(rows),
        by_base={r.base_designation: (r.bore_mm, r.outer_diameter_mm, r.width_mm) for r in rows},
        by_bore={k: tuple(v) for k, v in by_bore.items()},
        cone_bore=cone_bore,
    )


def dimensions_for(base: str) -> Dimensions | None:
    """(bore, outer diameter, width) in mm for an ISO base designation, or None if not tabled."""
    index = _index()
    found = index.by_base.get(base)
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


def iter_dimension_rows() -> Iterator[DimensionRow]:
    """Every tabled row, for loading into the database."""
    return iter(_index().rows)


def __getattr__(name: str) -> tuple[DimensionRow, ...]:
    # DIMENSION_ROWS is computed on first access so that importing the package stays cheap.
    if name == "DIMENSION_ROWS":
        return _index().rows
    raise AttributeError(name)
