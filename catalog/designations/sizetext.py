"""Bearing sizes written as text: `25x52x15`, `25*52*15`, `25×52×15`, `d25 D52 B15` (pure Python).

Traders search and ask for bearings by bore × outside diameter × width when they have no
designation; this turns such text into the three dimensions in millimetres.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .model import clean_mm

Size = tuple[Decimal, Decimal, Decimal]

_NUMBER = r"(\d{1,4}(?:\.\d{1,3})?)"
_SEPARATOR = r"\s*[x×*]\s*"
_CROSS = re.compile(rf"^{_NUMBER}{_SEPARATOR}{_NUMBER}{_SEPARATOR}{_NUMBER}\s*(?:mm)?$", re.IGNORECASE)
# d (bore), D (outside diameter), B / T / H (width, tapered width, thrust height), any order.
_LETTERED = re.compile(rf"([dDBTH])\s*[=:]?\s*{_NUMBER}\s*(?:mm)?")


def size_from_text(text: str) -> Size | None:
    """(bore, outside diameter, width) when the whole text is a size, else None."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    if not folded or len(folded) > 60:  # noqa: PLR2004 - longer text is no size
        return None
    match = _CROSS.match(folded)
    if match:
        return _size(*match.groups())
    parts = _LETTERED.findall(folded)
    if len(parts) != 3 or _LETTERED.sub("", folded).strip(" ,;/") != "":  # noqa: PLR2004 - three dimensions
        return None
    values: dict[str, str] = {}
    for letter, number in parts:
        key = "B" if letter in "BTH" else letter
        if key in values:
            return None
        values[key] = number
    if set(values) != {"d", "D", "B"}:
        return None
    return _size(values["d"], values["D"], values["B"])


def _size(bore: str, outer: str, width: str) -> Size | None:
    try:
        size = (clean_mm(Decimal(bore)), clean_mm(Decimal(outer)), clean_mm(Decimal(width)))
    except InvalidOperation:
        return None
    if size[0] <= 0 or size[1] <= size[0] or size[2] <= 0:
        return None
    return size
