"""Bore codes of ISO 15 / GB/T 272: 00=10, 01=12, 02=15, 03=17, 04–96 ×5 mm, `/d` = d mm."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .model import clean_mm

_SMALL_BORES = {"00": Decimal(10), "01": Decimal(12), "02": Decimal(15), "03": Decimal(17)}
_MAX_CODE = 96  # above 480 mm the bore is written after a slash (230/500)
_MM_PER_INCH = Decimal("25.4")
_SIXTEENTHS = 16


def bore_from_code(code: str) -> Decimal | None:
    """Bore for a two-digit bore code, or None if the code is not one."""
    if len(code) != 2 or not code.isdigit():  # noqa: PLR2004  (a bore code is two digits)
        return None
    small = _SMALL_BORES.get(code)
    if small is not None:
        return small
    value = int(code)
    return Decimal(value * 5) if value <= _MAX_CODE else None


def bore_from_slash(text: str) -> Decimal | None:
    """Bore written in millimetres after a slash (`62/22`, `618/2.5`)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return clean_mm(value) if value > 0 else None


def bore_from_sixteenths(text: str) -> Decimal:
    """Inch bore of insert bearings written in sixteenths (`UC205-16` = 1 in = 25.4 mm)."""
    return clean_mm(int(text) * _MM_PER_INCH / _SIXTEENTHS)
