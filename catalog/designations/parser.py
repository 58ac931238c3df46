"""parse(): written designation → brand-neutral attributes. Never raises; unknown text → recognized=False.

Decisions (see also data/README.md):
- Order of readings: family bases (DAC, LM, GE, QJ, R…), letter-prefixed bases (UC…, inch tapered,
  N…/NU…, NA/NK/HK), numeric inch sets,
  modern numeric ISO bases, and only then old Chinese/GOST codes, so a code that is also a
  valid modern designation (7205, 2206, 32205) keeps its modern meaning.
- Contact angle of single-row angular-contact bearings is part of the base (7205B, 7205AC). With
  no angle letter, NTN and NSK mean 30° (base 7205A); for every other maker, and with no maker,
  the angle is unknown and the base stays `7205`, which matches only another angle-less `7205`.
- Low-friction contact seals (SKF 2RSL, NTN LLH, KOYO 2RD) and FKM seals (SKF 2RS2) report the
  ISO seal but add `LF` / `FKM` to the variant, so they never match an ordinary 2RS.
- NSK/NTN `CM` stays clearance `CM`. GB `/P63` = P6 + C3. ABEC 1/3/5/7/9 = P0/P6/P5/P4/P2.
- Old precision letters in front (G/E/D/C/B = P0/P6/P5/P4/P2) are accepted but UNVERIFIED;
  GOST class digits before a dash (`6-180205`) are ISO 492 classes 0/6/5/4/2.
- A seal code glued to the digits (`62052RS`) gives a second reading; the one whose base has tabled
  dimensions wins. Brackets count as spaces (`6205 ZZ (NSK)`).
- An unknown suffix never disappears: a trailing one after a recognised core is kept as a tail in
  the variant and the canonical form (`6205-2RS/HV`), so it matches only the same tail; one that is
  not a clean trailing suffix group makes the whole text unrecognized.
- Families beyond the standard series (families.py) and the precedence between two readings of one
  string (inch 16xx or old code, SA insert or ZKL unit, B7… spindle or old letter B) are set out in
  data/README.md; an ambiguous string is unrecognized.
- Canonical form: `base[-seal][ variant…][ clearance][ precision][/tail]`, defaults (open, CN, P0)
  omitted, e.g. `6205-2RS C3`, `22220 K C3`, `6205-2RS LF`, `7205B P5`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .brands import normalize_brand, split_brand
from .dimensions import cone_bore, cup_diameter, dimensions_for
from .families import read_family, read_inch_16
from .model import Designation, build_canonical, sort_variant
from .oldcode import read_old
from .series import AC, TR, BaseReading, read_glued_seal, read_inch_numeric, read_lettered, read_numeric
from .suffixes import Effect, lex, lex_with_tail

MAX_INPUT_LENGTH = 200
_CACHE_SIZE = 65536

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー﹣", "-"))
_BRACKETS = str.maketrans(dict.fromkeys("()[]{}", " "))
_SPACES_RE = re.compile(r"\s+")
# "Bearing", and the words of origin and authenticity traders put before a brand (日本NSK 6204ZZ).
_NOISE_RE = re.compile(r"轴承|日本|德国|瑞典|美国|法国|意大利|韩国|进口|原装|正品|全新")
_ABEC_RE = re.compile(r"ABEC\s?-?\s?([13579])")
_PREFIX_RE = re.compile(r"(?:(?P<t4>4T|ET)(?:-|(?=\s?\d))|(?P<hr>HR)(?=\s?\d)|(?P<ss>W|SS)\s?(?=\d))\s?")
_CLASS_RE = re.compile(r"(?:(?P<digit>[06542])-|(?P<letter>[GEDCB])-?)(?=\d)")
# SKF super-precision writes the design letter after the angle: CD, ACD (D design), CE, ACE (E design).
_ANGLE_RE = re.compile(r"[\s-]?(ACD|ACE|CD|CE|AC|A5|A|B|C)(?!\d)")
_OLD_DIGITS_RE = re.compile(r"\d{3,7}(?!\d)")
# Schaeffler spindle bearings: B7014-C-T-P4S-UL (C = 15°, E = 25°), HCB… hybrid. Without the dash the
# letter could be the old Chinese precision letter B in front (B7205C = 7205C P2): ambiguous.
_SPINDLE_RE = re.compile(r"(HC)?B\s?(7\d{3,4})(-?)(C|E)(?![A-Z0-9])")
_LAST_23_SERIES_CODE = 22
_LONE_INCH_RE = re.compile(r"(\d{4,6}A?)(?![\dA-Z])")

_CLASS_DIGITS = {"0": "P0", "6": "P6", "5": "P5", "4": "P4", "2": "P2"}
_CLASS_LETTERS = {"G": "P0", "E": "P6", "D": "P5", "C": "P4", "B": "P2"}  # UNVERIFIED (old Chinese texts)
_ANGLES = {"AC": "AC", "A5": "AC", "A": "A", "B": "B", "C": "C", "ACD": "AC", "ACE": "AC", "CD": "C", "CE": "C"}
_THIRTY_DEGREE_DEFAULT = frozenset(("NTN", "NSK"))  # their 7205 without a letter is 30°
_NEEDS_CONTACT_SEAL = frozenset(("LF", "FKM"))


def normalize_text(text: str) -> str:
    """Full-width → ASCII (NFKC), upper case, one kind of dash, brackets as spaces, single spaces, no 轴承."""
    if not text.isascii():
        text = _NOISE_RE.sub(" ", unicodedata.normalize("NFKC", text).translate(_DASHES))
    text = _SPACES_RE.sub(" ", text.upper().translate(_BRACKETS)).strip()
    return _ABEC_RE.sub(r"ABEC\1", text) if "ABEC" in text else text


def parse(text: str, brand: str | None = None) -> Designation:
    """Parse one designation; `brand` is the listing's brand column, used when the text names none."""
    if not isinstance(text, str):
        return Designation(input=str(text)[:MAX_INPUT_LENGTH], recognized=False)
    if len(text) > MAX_INPUT_LENGTH:
        return Designation(input=text, recognized=False)
    return _parse(text, brand if isinstance(brand, str) else None)


@lru_cache(maxsize=_CACHE_SIZE)
def _parse(text: str, brand_hint: str | None) -> Designation:
    brand, core = split_brand(normalize_text(text))
    if brand is None:
        brand = normalize_brand(brand_hint)
    result = _read(core.strip(" -"), brand, text)
    return result if result is not None else Designation(input=text, recognized=False)


@dataclass(slots=True)
class _Attrs:
    """Attributes collected while reading one designation."""

    seal: str = "open"
    clearance: str | None = None
    precision: str | None = None
    variant: set[str] = field(default_factory=set)
    design: list[str] = field(default_factory=list)
    seal_from_old_code: bool = False

    def apply(self, token: str, effect: Effect) -> bool:
        """Add one suffix; False when it contradicts what is already known."""
        if effect.seal:
            if self.seal != "open" and (self.seal != effect.seal or not self.seal_from_old_code):
                return False  # two seal codes: not a bearing we can name
            self.seal = effect.seal
        if effect.clearance:
            if self.clearance not in (None, effect.clearance):
                return False
            self.clearance = effect.clearance
        if effect.precision:
            if self.precision not in (None, effect.precision):
                return False
            self.precision = effect.precision
        self.variant.update(effect.variant)
        if effect.design:
            self.design.append(token)
        return True

    def copy(self) -> _Attrs:
        """An independent copy, for trying a second reading of the same text."""
        return _Attrs(
            self.seal, self.clearance, self.precision, set(self.variant), list(self.design), self.seal_from_old_code
        )


def _read(core: str, brand: str | None, original: str) -> Designation | None:
    attrs = _Attrs()
    m = _PREFIX_RE.match(core)
    if m:
        if m.group("ss"):
            attrs.variant.add("SS")
        else:
            attrs.design.append(f"{m.group('t4')}-" if m.group("t4") else "HR")
        core = core[m.end() :]
    m = _SPINDLE_RE.match(core) if core[:1] in "BH" else None
    if m and (m.group(3) or brand == "FAG"):
        base = m.group(2) + ("C" if m.group(4) == "C" else "AC")
        if m.group(1):
            attrs.variant.add("HC")
        reading = BaseReading(base, AC, None, core[m.end() :])
        found = _with_suffixes(reading, attrs, brand, None, tail_allowed=True)
        return _designation(original, brand, reading, *found) if found is not None else None
    if m:
        return None
    class_effect = None
    m = _CLASS_RE.match(core)
    if m:
        class_effect = Effect(precision=_CLASS_DIGITS[m["digit"]] if m["digit"] else _CLASS_LETTERS[m["letter"]])
        core = core[m.end() :]
    readings = _base_readings(core, attrs, brand, lettered=class_effect is None)
    if readings and readings[0][0].rejected:  # a rejected notation is always the only reading
        return None
    several = len(readings) > 1
    for reading, base_attrs in readings:
        found = _with_suffixes(reading, base_attrs.copy() if several else base_attrs, brand, class_effect)
        if found is not None:
            return _designation(original, brand, reading, *found)
    # No reading explains every suffix: keep the best one's core and carry the unknown tail (see module doc).
    for reading, base_attrs in readings[:1]:
        found = _with_suffixes(reading, base_attrs, brand, class_effect, tail_allowed=True)
        if found is not None:
            return _designation(original, brand, reading, *found)
    return None


def _with_suffixes(
    reading: BaseReading,
    attrs: _Attrs,
    brand: str | None,
    class_effect: Effect | None,
    *,
    tail_allowed: bool = False,
) -> tuple[str, _Attrs, str] | None:
    """The base with its angle letter, the attributes once every suffix is applied and the unknown tail."""
    base, rest = _with_angle(reading, brand)
    if reading.seal is not None and not attrs.apply("", Effect(seal=reading.seal)):
        return None
    tail = ""
    tokens = lex(rest, brand, reading.bearing_type)
    if tokens is None and tail_allowed:
        partial = lex_with_tail(rest, brand, reading.bearing_type)
        if partial is not None:
            tokens, tail = partial
    if tokens is None or not all(attrs.apply(token, effect) for token, effect in tokens):
        return None
    if class_effect is not None and not attrs.apply("", class_effect):
        return None
    if attrs.variant & _NEEDS_CONTACT_SEAL and attrs.seal not in ("RS", "2RS"):
        return None
    if reading.needs_closure and attrs.seal == "open":
        return None  # 1614 alone is the old code of 2314; the inch 1614 is written with its closure
    return base, attrs, tail


def _base_readings(  # noqa: PLR0911
    core: str, attrs: _Attrs, brand: str | None, *, lettered: bool
) -> list[tuple[BaseReading, _Attrs]]:
    """Candidate basic designations, best first: modern readings, then the old Chinese/GOST code.

    A seal code glued to the base (`62052RS`) makes two readings of the digits; the one whose base
    is in the dimension table comes first, and the written digits win a tie. An inch 16xx number
    that is also an old code (1614 = 2314) is read as inch only with a seal or shield written.
    """
    reading = (read_family(core, brand) or read_lettered(core)) if lettered and core[:1].isalpha() else None
    if reading is not None:
        return [(reading, attrs)]
    reading = read_inch_numeric(core) or read_numeric(core)
    glued = read_glued_seal(core)
    if reading is not None:
        if glued is None:
            return [(reading, attrs)]
        pair = [(reading, attrs), (glued, attrs.copy())]
        if dimensions_for(glued.base) is not None and dimensions_for(reading.base) is None:
            pair.reverse()
        return pair
    if glued is not None:
        return [(glued, attrs)]
    m = _OLD_DIGITS_RE.match(core)
    old = read_old(m.group(), core[m.end() :]) if m else None
    inch = read_inch_16(core)
    first: list[tuple[BaseReading, _Attrs]] = []
    if inch is not None:
        # The old code 16xx is a 23xx self-aligning bearing, a series made up to 2322. The inch
        # 16xx are sold shielded or sealed: with a closure written the inch reading wins; without
        # one it is the old code when that is a bearing made, else the inch bearing.
        made = int(inch.base[2:]) <= _LAST_23_SERIES_CODE
        if dimensions_for(inch.base) is not None:
            if old is None or not made:
                return [(inch, attrs)]
            first = [(replace(inch, needs_closure=True), attrs.copy())]
        elif not made:
            return []  # 1630: no inch size we know and no self-aligning bearing: not a guess
    if old is None:
        return _lone_inch(core, attrs)
    attrs.seal, attrs.seal_from_old_code = old.seal, True
    if old.variant:
        attrs.variant.add(old.variant)
    return [*first, (old.reading, attrs)]


def _lone_inch(core: str, attrs: _Attrs) -> list[tuple[BaseReading, _Attrs]]:
    """A numeric inch cone (`25580`) or cup (`3720`) alone, known from a tabled set."""
    m = _LONE_INCH_RE.match(core)
    if m is None:
        return []
    number, rest = m.group(1), core[m.end() :]
    bore = cone_bore(number)
    if bore is not None:
        return [(BaseReading(number, TR, bore, rest), attrs)]
    if cup_diameter(number) is not None:
        return [(BaseReading(number, TR, None, rest), attrs)]
    return []


def _with_angle(reading: BaseReading, brand: str | None) -> tuple[str, str]:
    """Base with its contact-angle letter (7205 + B), and the text left after it."""
    if not reading.angle_series:
        return reading.base, reading.rest
    m = _ANGLE_RE.match(reading.rest)
    if m:
        return reading.base + _ANGLES[m.group(1)], reading.rest[m.end() :]
    return reading.base + ("A" if brand in _THIRTY_DEGREE_DEFAULT else ""), reading.rest


def _designation(  # noqa: PLR0917  (the reading's parts, in the order _with_suffixes returns them)
    original: str, brand: str | None, reading: BaseReading, base: str, attrs: _Attrs, tail: str = ""
) -> Designation | None:
    clearance = attrs.clearance or "CN"
    precision = attrs.precision or "P0"
    variant_text = plain_variant = sort_variant(attrs.variant)
    if tail:
        # An unknown tail stays part of the bearing's identity: it matches only the same tail.
        variant_text = f"{variant_text} /{tail}".strip()
    # A catalogue row wins over what the code states (HK1210 is 12 × 16, not the 12 × 18 of its series).
    dims = dimensions_for(base, attrs.seal) or reading.fixed
    if dims is None and reading.dims_base:
        dims = dimensions_for(reading.dims_base, attrs.seal)
    if dims is None and reading.table_only:
        return None
    if dims is not None:
        bore, outer, width = dims
        if reading.keep_bore:
            bore = reading.bore
    else:
        bore, outer, width = reading.bore, None, None
        if bore is None and reading.bearing_type == TR and "/" not in base:
            bore = cone_bore(base)
            outer = cup_diameter(base) if bore is None else None
    return Designation(
        input=original,
        recognized=True,
        brand=brand,
        base_designation=base,
        bearing_type=reading.bearing_type,
        seal=attrs.seal,
        clearance=clearance,
        precision=precision,
        variant=variant_text,
        bore_mm=bore,
        outer_diameter_mm=outer,
        width_mm=width,
        canonical=build_canonical(base, attrs.seal, plain_variant, clearance, precision, tail=tail),
        design_suffixes=tuple(attrs.design),
    )


def parse_cache_clear() -> None:
    """Drop memoised results (benchmarks measure the cold path with it)."""
    _parse.cache_clear()
