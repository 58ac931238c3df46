"""Bearing designation engine: brand-specific designations → brand-neutral ISO attributes.

Pure Python, no Django. Data provenance: data/README.md.
"""

from __future__ import annotations

from typing import Any

from .brands import BRANDS, Brand, normalize_brand
from .dimensions import DimensionRow, bases_with_dimensions, dimensions_for, snap_mm
from .model import (
    BEARING_TYPES,
    CLEARANCES,
    PRECISIONS,
    SEALS,
    Designation,
    precision_rank,
    precision_satisfies,
    same_bearing,
    satisfies,
)
from .parser import parse

__all__ = [
    "BEARING_TYPES",
    "BRANDS",
    "CLEARANCES",
    "DIMENSION_ROWS",
    "PRECISIONS",
    "SEALS",
    "Brand",
    "Designation",
    "DimensionRow",
    "bases_with_dimensions",
    "dimensions_for",
    "normalize_brand",
    "parse",
    "precision_rank",
    "precision_satisfies",
    "same_bearing",
    "satisfies",
    "snap_mm",
]


def __getattr__(name: str) -> Any:
    # DIMENSION_ROWS loads the CSV on first access only.
    if name == "DIMENSION_ROWS":
        from . import dimensions  # noqa: PLC0415

        return dimensions.DIMENSION_ROWS
    raise AttributeError(name)
