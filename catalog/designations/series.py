"""Basic designations of ISO 15 / ISO 355 / ISO 104 / GB/T 272: series prefixes and letter-prefixed bases.

Each reader takes the upper-cased text that follows any brand and `4T-`/`HR` prefix and returns
the base designation, its type, the bore it implies, and the rest of the text (the suffixes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from .bore import bore_from_code, bore_from_sixteenths, bore_from_slash
from .model import clean_mm

_HK_MAX_WIDTH = 40
# Drawn-cup needle bearings (ISO 3245): the outside diameter D is fixed by the shaft diameter Fw.
HK_OUTER: dict[int, Decimal] = {
    fw: Decimal(d)
    for fw, d in {
        3: "6.5", 4: "8", 5: "9", 6: "10", 7: "11", 8: "12", 9: "13", 10: "14", 12: "18", 13: "19",
        14: "20", 15: "21", 16: "22", 17: "23", 18: "24", 20: "26", 22: "28", 25: "32", 28: "35",
        30: "37", 32: "39", 35: "42", 38: "45", 40: "47", 42: "49", 45: "52", 50: "58", 55: "63", 60: "68",
    }.items()
}  # fmt: skip

_MM_PER_INCH = Decimal("25.4")

DG, AC, SA = "deep_groove_ball", "angular_contact_ball", "self_aligning_ball"
CYL, SPH, TR = "cylindrical_roller", "spherical_roller", "tapered_roller"
TB, TRR, NDL, INS = "thrust_ball", "thrust_roller", "needle_roller", "insert_unit"

# Numeric series prefix → bearing type; the bore code (or "/d") follows.
NUMERIC_SERIES: dict[str, str] = {
    **dict.fromkeys(("60", "62", "63", "64", "160", "161", "618", "619", "622", "623", "42", "43"), DG),
    **dict.fromkeys(("70", "72", "73", "74", "718", "719", "32", "33"), AC),
    **dict.fromkeys(("12", "13", "22", "23"), SA),
    **dict.fromkeys(("213", "222", "223", "230", "231", "232", "238", "239", "240", "241", "248", "249"), SPH),
    **dict.fromkeys(("302", "303", "313", "320", "322", "323", "329", "330", "331", "332"), TR),
    **dict.fromkeys(("511", "512", "513", "514"), TB),
    **dict.fromkeys(("292", "293", "294", "811", "812"), TRR),
}
# JIS/GB short forms of the thin-section deep-groove series: 6805 is ISO 61805, 695 is 619/5.
SHORT_SERIES: dict[str, str] = {"68": "618", "69": "619"}
# Single-row angular-contact series whose contact angle letter belongs to the base (7205B).
ANGLE_SERIES: frozenset[str] = frozenset(("70", "72", "73", "74", "718", "719"))
# Miniature bearings whose last digit is the bore in millimetres (608 = 8 mm).
MINIATURE_SERIES: dict[str, str] = {"60": DG, "62": DG, "63": DG, "68": DG, "69": DG}
MINIATURE_SELF_ALIGNING: frozenset[str] = frozenset(("108", "126", "127", "129", "135"))

CYLINDRICAL_SERIES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("N", "NU", "NJ", "NUP", "NF"), frozenset(("2", "3", "4", "10", "19", "22", "23"))),
    "NN": frozenset(("30", "38", "39", "49")),
    "NNU": frozenset(("30", "49")),
}


@dataclass(frozen=True, slots=True)
class BaseReading:
    """A basic designation read from the start of the text."""

    base: str
    bearing_type: str
    bore: Decimal | None
    rest: str
    angle_series: bool = False
    seal: str | None = None  # a seal code the family writes inside its base (LM20UU)
    dims_base: str | None = None  # the table row's key when it differs from the base (LM8AJ → LM8)
    fixed: tuple[Decimal, Decimal, Decimal] | None = None  # dimensions the code itself states (K20X24X10)
    table_only: bool = False  # recognised only when the dimension table knows the base
    keep_bore: bool = False  # the bore read from the code beats the table's (UC205-16)
    needs_closure: bool = False  # 16xx also an old code: the inch reading only with a seal or shield
    rejected: bool = False  # a notation known to be ambiguous: never recognised


_INSERT_RE = re.compile(r"(UC(?:FL|FC|FA|FB|FS|FU|PA|PH|HA|P|F|T|C)?)\s?([23]\d{2})(?:-(\d{2})(?!\d))?")
_INCH_RE = re.compile(
    r"((?:JLM|JHM|JM|JL|LM|HM)\d{4,6}|[LMH]\d{5,6})(?:\s?/\s?((?:JLM|JHM|JM|JL|LM|HM|L|M|H)?)(\d{2,6}))?(?!\d)"
)
_INCH_NUMERIC_RE = re.compile(r"(\d{4,5}A?|\d{3}A)\s?/\s?(\d{4,5}A?|\d{3}A)(?![\d.A-Z])")
_CYL_RE = re.compile(r"(NNU|NUP|NU|NJ|NF|NN|N)\s?(\d{3,5})(?!\d)")
_NEEDLE_RE = re.compile(r"(RNA|NKI|NA|NK|HK|BK)\s?(\d{2,5})(?:/(\d{2}))?(?![\d/])")
_SLASH_RE = re.compile(r"(\d{2,3})\s?/\s?(\d{1,3}(?:\.\d{1,2})?)(?![\d.])")
_NUMERIC_RE = re.compile(r"\d{3,6}(?!\d)")
# Kaydon Reali-Slim: K, section series, bore in tenths of an inch, contact type, closure/cage, precision.
_KAYDON_RE = re.compile(r"K(AA\d{2}|[A-G]\d{3})([ACX])([A-Z])(\d)(?![\dA-Z])")
# Digits run into a two-sided seal or shield code (62052RS, 62042RS1, 62052Z, 62052NSE).
_GLUED_RE = re.compile(r"(\d{3,5})(?=2[A-Z])")


def read_lettered(text: str) -> BaseReading | None:
    """Bases that start with letters: insert units, needle, cylindrical and inch tapered rollers."""
    for pattern, reader in _LETTERED:
        m = pattern.match(text)
        if m:
            return reader(m, text[m.end() :])
    return None


def _insert(m: re.Match[str], rest: str) -> BaseReading | None:
    prefix, digits, inch = m.groups()
    if inch:
        # UC205-16: the UC205 insert with a 1 in bore; a housed unit keeps only its bore.
        dims = prefix + digits if prefix == "UC" else None
        return BaseReading(
            f"{prefix}{digits}-{inch}", INS, bore_from_sixteenths(inch), rest, dims_base=dims, keep_bore=True
        )
    return BaseReading(prefix + digits, INS, bore_from_code(digits[1:]), rest)


def _cylindrical(m: re.Match[str], rest: str) -> BaseReading | None:
    prefix, digits = m.groups()
    if digits[:-2] not in CYLINDRICAL_SERIES[prefix]:
        return None
    return BaseReading(prefix + digits, CYL, bore_from_code(digits[-2:]), rest)


def _inch(m: re.Match[str], rest: str) -> BaseReading | None:
    cone, cup_letters, cup_digits = m.groups()
    if cup_digits is None:
        return BaseReading(cone, TR, None, rest)
    if len(cup_digits) == 2 and not cup_letters:  # noqa: PLR2004  (LM11949/10 = cup LM11910)
        cup = cone[:-2] + cup_digits
    else:
        cup = (cup_letters or cone.rstrip("0123456789")) + cup_digits
    return BaseReading(f"{cone}/{cup}", TR, None, rest)


def _needle(m: re.Match[str], rest: str) -> BaseReading | None:  # noqa: PLR0911
    prefix, digits, width = m.groups()
    if prefix in ("NK", "NKI"):
        # NK25/20: raceway/bore diameter in mm, then the width.
        if width is None or len(digits) != 2:  # noqa: PLR2004
            return None
        return BaseReading(f"{prefix}{digits}/{width}", NDL, Decimal(int(digits)), rest)
    if prefix in ("HK", "BK"):
        # HK2016: Fw 20 mm, width C 16 mm; D is fixed by Fw (ISO 3245).
        if width is not None or len(digits) != 4:  # noqa: PLR2004
            return None
        fw, c = int(digits[:2]), int(digits[2:])
        if c == 0:
            return None
        if c > _HK_MAX_WIDTH:  # no drawn cup is that wide: the bore only
            return BaseReading(prefix + digits, NDL, Decimal(fw), rest)
        # Fw 12 comes with D 16 (HK1210) and D 18 (HK1212): only the table sizes it.
        outer = HK_OUTER.get(fw) if fw != 12 else None  # noqa: PLR2004
        fixed = (Decimal(fw), outer, Decimal(c)) if outer is not None else None
        return BaseReading(prefix + digits, NDL, Decimal(fw), rest, fixed=fixed)
    if width is not None:
        # NA49/22, RNA49/28: the bore written after a slash.
        if digits not in ("48", "49", "69"):
            return None
        bore = Decimal(int(width)) if prefix == "NA" else None
        return BaseReading(f"{prefix}{digits}/{width}", NDL, bore, rest)
    if len(digits) != 4 or digits[:2] not in ("48", "49", "69"):  # noqa: PLR2004
        return None
    # NA49xx bore follows the bore code; RNA (no inner ring) is identified by Fw, not derivable.
    return BaseReading(prefix + digits, NDL, bore_from_code(digits[2:]) if prefix == "NA" else None, rest)


def _kaydon(m: re.Match[str], rest: str) -> BaseReading | None:
    # Only the angular-contact (A) type has a vocabulary type; radial (C) and four-point (X) are "other".
    series = m.group(1)
    bore = clean_mm(Decimal(int(series.lstrip("ABCDEFG"))) / 10 * _MM_PER_INCH)
    return BaseReading(m.group(), AC if m.group(2) == "A" else "other", bore, rest)


_LETTERED: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], BaseReading | None]], ...] = (
    (_INSERT_RE, _insert),
    (_KAYDON_RE, _kaydon),
    (_NEEDLE_RE, _needle),
    (_CYL_RE, _cylindrical),
    (_INCH_RE, _inch),
)


def read_inch_numeric(text: str) -> BaseReading | None:
    """Numeric inch tapered cone/cup sets (`15101/15245`)."""
    m = _INCH_NUMERIC_RE.match(text)
    if not m:
        return None
    return BaseReading(f"{m.group(1)}/{m.group(2)}", TR, None, text[m.end() :])


def read_numeric(text: str) -> BaseReading | None:
    """Purely numeric ISO bases (`6205`, `22220`, `62/22`, `608`, `6805`→`61805`)."""
    m = _SLASH_RE.match(text)
    if m:
        series, bore_text = m.groups()
        iso = SHORT_SERIES.get(series, series)
        btype = NUMERIC_SERIES.get(iso)
        bore = bore_from_slash(bore_text)
        if btype is not None and bore is not None:
            return BaseReading(f"{iso}/{bore_text}", btype, bore, text[m.end() :], series in ANGLE_SERIES)
    m = _NUMERIC_RE.match(text)
    if not m:
        return None
    digits, rest = m.group(), text[m.end() :]
    if len(digits) == 3:  # noqa: PLR2004  (miniature: the last digit is the bore)
        return _miniature(digits, rest)
    series, code = digits[:-2], digits[-2:]
    iso = SHORT_SERIES.get(series, series)
    btype = NUMERIC_SERIES.get(iso)
    bore = bore_from_code(code)
    if btype is None or bore is None:
        return None
    return BaseReading(iso + code, btype, bore, rest, iso in ANGLE_SERIES)


def read_glued_seal(text: str) -> BaseReading | None:
    """The numeric base read without the last digit when that `2` starts a seal code (`62052RS`)."""
    m = _GLUED_RE.match(text)
    if not m:
        return None
    reading = read_numeric(m.group(1))
    return replace(reading, rest=text[m.end() :]) if reading is not None else None


def _miniature(digits: str, rest: str) -> BaseReading | None:
    if digits in MINIATURE_SELF_ALIGNING:
        return BaseReading(digits, SA, Decimal(int(digits[2])), rest)
    series, bore_digit = digits[:2], digits[2]
    if series not in MINIATURE_SERIES or bore_digit == "0":
        return None
    if series in SHORT_SERIES:
        return BaseReading(f"{SHORT_SERIES[series]}/{bore_digit}", DG, Decimal(int(bore_digit)), rest)
    return BaseReading(digits, MINIATURE_SERIES[series], Decimal(int(bore_digit)), rest)
