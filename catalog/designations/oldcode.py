"""Old Chinese designations (before GB/T 272-93), which follow the ex-Soviet GOST 3189 system.

Read right to left: bore code (2 digits), diameter series, type digit, up to two design digits,
width series. Only the readings confirmed in the sources are implemented (see data/README.md):
type 0 deep groove (design 8 = 2Z, 18 = 2RS, 6 = Z, 16 = RS, 5 = snap-ring groove N),
1 self-aligning ball, 2 cylindrical (design 3 NU, 4 NJ, 9 NUP, none N), 3 spherical (`3520` =
22220), 6 angular contact (3 = C 15°, 4 = AC 25°, 6 = B 40°), 7 tapered (`7506` = 32206),
8 thrust ball (`8205` = 51205). Diameter digits 5 and 6 are the wide light/medium series (ISO
22/23). A code that is also a valid modern designation is never read this way (the caller
tries the modern reading first). Anything else is left unrecognised rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .bore import bore_from_code
from .series import AC, CYL, DG, SA, SPH, TB, TR, BaseReading

# (type digit, width digit, diameter digit) → ISO series prefix.
_SERIES: dict[tuple[str, str, str], str] = {
    ("0", "", "1"): "60", ("0", "", "2"): "62", ("0", "", "3"): "63", ("0", "", "4"): "64",
    ("0", "", "5"): "622", ("0", "", "6"): "623",
    ("0", "7", "1"): "160", ("0", "1", "8"): "618", ("0", "1", "9"): "619",
    ("1", "", "2"): "12", ("1", "", "3"): "13", ("1", "", "5"): "22", ("1", "", "6"): "23",
    ("2", "", "2"): "2", ("2", "", "3"): "3", ("2", "", "4"): "4", ("2", "", "5"): "22", ("2", "", "6"): "23",
    ("3", "", "5"): "222", ("3", "", "6"): "223",
    ("6", "", "1"): "70", ("6", "", "2"): "72", ("6", "", "3"): "73",
    ("7", "", "2"): "302", ("7", "", "3"): "303", ("7", "", "5"): "322", ("7", "", "6"): "323",
    ("8", "", "1"): "511", ("8", "", "2"): "512", ("8", "", "3"): "513", ("8", "", "4"): "514",
}  # fmt: skip
_TYPES = {"0": DG, "1": SA, "2": CYL, "3": SPH, "6": AC, "7": TR, "8": TB}

# Design digits per type digit → (ISO prefix letters, angle letter, seal, variant).
_DESIGNS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("0", ""): ("", "", "open", ""),
    ("0", "8"): ("", "", "2Z", ""),
    ("0", "18"): ("", "", "2RS", ""),
    ("0", "6"): ("", "", "Z", ""),
    ("0", "16"): ("", "", "RS", ""),
    ("0", "5"): ("", "", "open", "N"),
    ("0", "15"): ("", "", "Z", "N"),  # 150205 = 6205-ZN (GOST-ISO)
    ("1", ""): ("", "", "open", ""),
    ("1", "11"): ("", "", "open", "K"),  # 111205 = 1205K
    ("2", ""): ("N", "", "open", ""),
    ("2", "3"): ("NU", "", "open", ""),
    ("2", "4"): ("NJ", "", "open", ""),
    ("2", "9"): ("NUP", "", "open", ""),
    ("2", "1"): ("NF", "", "open", ""),  # 12305 = NF305
    ("3", ""): ("", "", "open", ""),
    ("3", "5"): ("", "", "open", ""),  # 53516 = 22216 (GOST-ISO)
    ("3", "11"): ("", "", "open", "K"),  # 113516 = 22216K
    ("6", "3"): ("", "C", "open", ""),
    ("6", "4"): ("", "AC", "open", ""),
    ("6", "6"): ("", "B", "open", ""),
    ("6", "17"): ("QJ", "", "open", ""),  # 176208 = QJ208
    ("7", ""): ("", "", "open", ""),
    ("8", ""): ("", "", "open", ""),
}

_MIN_LEN, _MAX_LEN = 3, 7


@dataclass(frozen=True, slots=True)
class OldReading:
    """An old code translated to its ISO base and the features its design digits carry."""

    reading: BaseReading
    seal: str
    variant: str


def read_old(digits: str, rest: str) -> OldReading | None:
    """Translate a purely numeric old Chinese/GOST code, or None when it is not one."""
    if not (_MIN_LEN <= len(digits) <= _MAX_LEN and digits.isdigit()):
        return None
    bore_code, diameter = digits[-2:], digits[-3]
    head = digits[:-3]  # width, design digits and type digit, left to right
    type_digit = head[-1:] or "0"
    design = head[-3:-1].lstrip("0")
    width = head[:-3]
    if width == "0":
        width = ""
    series = _SERIES.get((type_digit, width, diameter))
    design_entry = _DESIGNS.get((type_digit, design))
    bore = bore_from_code(bore_code)
    if series is None or design_entry is None or bore is None:
        return None
    prefix, angle, seal, variant = design_entry
    if prefix == "QJ":  # four-point bearings keep the ISO diameter series only (QJ208, QJ308)
        if series not in ("72", "73"):
            return None
        series = series[1]
    base = f"{prefix}{series}{bore_code}{angle}"
    return OldReading(BaseReading(base, _TYPES[type_digit], bore, rest), seal, variant)
