"""Families beyond the standard series: hub units, linear bushings, plain bearings and rod ends,
needle cages, four-point, inch R bearings, inserts SB/SA, sleeves, nuts, washers and plummer blocks.

Each reader takes the upper-cased text after any brand and returns a BaseReading (base, type, the
rest of the text) or None. Dimensions come from the tables in data/ (dimensions.py); a reader sets
`dims_base` when the table row has another key (LM8AJ is sized like LM8) and `fixed` when the code
itself states the dimensions (DAC…00…, HK, K cages). Conventions: families-conventions in data/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from .series import AC, INS, NDL, BaseReading

HUB, LIN, PLAIN, ROD, ACC = "hub_unit", "linear_ball", "spherical_plain", "rod_end", "accessory"

_DAC_RE = re.compile(r"DAC\s?(\d{2})(\d{2})(\d{2})(\d{2})(?:\s?/\s?(\d{2}))?(?!\d)")
_LINEAR_RE = re.compile(r"(LME|LMF|LMK|LMH|LM)\s?(\d{1,3})(S|L)?(?!\d)(?:\s?(UU|U))?(?:\s?-?\s?(AJ|OP))?(?![A-Z])")
_PLAIN_RE = re.compile(r"(GEEW|GEG|GEH|GE)\s?(\d{1,3})\s?(ES|E)(?![A-Z]{2})")
_ROD_RE = re.compile(r"(SIL|SAL|SI|SA)\s?(\d{1,2})\s?(ES|E)(?![A-Z]{2})")
_QJ_RE = re.compile(r"QJ\s?([23]\d{2})(?!\d)")
_INCH_R_RE = re.compile(r"R(\d{1,4}A?)(?:-([4-6]))?(?=$|[^\dA-Z]|[-\s]?(?:2?RS|2?Z|ZZ|2RZ))")
_CAGE_RE = re.compile(r"K\s?(\d{1,3})\s?[X×*]\s?(\d{1,3})\s?[X×*]\s?(\d{1,3})(?![\d.])")
_THRUST_CAGE_RE = re.compile(r"K\s?(81[12])(\d{2})(?!\d)")
_INSERT_SB_RE = re.compile(r"(SB|SA)\s?(2\d{2})(?:-(\d{2}))?(?!\d)")
_SLEEVE_RE = re.compile(r"(AH|HE|HA|H)\s?(240|241|23|30|31|32|39|2|3)(\d{2})(?!\d)")
_NUT_RE = re.compile(r"(KM|MB)\s?(\d{1,2})(?![\dA-Z])")
_HOUSING_RE = re.compile(r"(SNL|SN)\s?([56]\d{2})(?!\d)")
_ACC_TYPES: dict[str, str] = {"H": ACC, "AH": ACC, "HE": ACC, "HA": ACC}


# Codes whose catalogue dimensions contradict the code although the variant digits are 00 (CRAFT
# prints DAC25550053 as 25 × 55 × 43, DAC42840037 as 42 × 82 × 37, DAC39740036/34 with d = 39.09):
# no dimensions rather than a guess between the two.
_DAC_CONTRADICTED: frozenset[str] = frozenset(("DAC25550053", "DAC42840037", "DAC39740036/34"))


def _dac(m: re.Match[str], rest: str) -> BaseReading:
    d, big_d, vv, b, c = m.groups()
    base = f"DAC{d}{big_d}{vv}{b}" + (f"/{c}" if c else "")
    # The code states d, D and B only when the variant digits are 00 (CRAFT: 38740236 is 37.99 × 74.02);
    # a tabled row wins over the code (dimensions_for is asked first when `fixed` is None).
    plain = vv == "00" and base not in _DAC_CONTRADICTED
    fixed = (Decimal(d), Decimal(big_d), Decimal(b)) if plain else None
    return BaseReading(base, HUB, None, rest, fixed=fixed)


def _linear(m: re.Match[str], rest: str) -> BaseReading:
    series, size, length, seal, kind = m.groups()
    sized = f"{series}{int(size)}{length or ''}"
    return BaseReading(
        sized + (kind or ""),
        LIN,
        None,
        rest,
        seal={"UU": "2RS", "U": "RS"}.get(seal or ""),
        dims_base=sized,
    )


def _plain(m: re.Match[str], rest: str, brand: str | None) -> BaseReading:
    series, size, lube = m.groups()
    if brand == "SKF":  # SKF GEH = ISO series G (GEG elsewhere); SKF GEG = series W (GEEW elsewhere)
        series = {"GEH": "GEG", "GEG": "GEEW"}.get(series, series)
    elif series == "GEH":  # GEH…ES-2RS is SKF's notation only; written without the brand it is still SKF's
        series = "GEG"
    base = f"{series}{int(size)}{lube}"
    return BaseReading(base, PLAIN, Decimal(int(size)), rest, dims_base=_lube_twin(base))


def _lube_twin(base: str) -> str:
    # GE12E and GE12ES differ only by lubrication holes; the table keys each size once.
    return base[:-1] if base.endswith("ES") else base + "S"


def _rod(m: re.Match[str], rest: str) -> BaseReading:
    series, size, lube = m.groups()
    base = f"{series}{int(size)}{lube}"
    return BaseReading(base, ROD, Decimal(int(size)), rest, dims_base=_lube_twin(base))


def _qj(m: re.Match[str], rest: str) -> BaseReading:
    return BaseReading(f"QJ{m.group(1)}", AC, None, rest)


def _inch_r(m: re.Match[str], rest: str) -> BaseReading:
    size, dash = m.groups()
    base = f"R{size}" + (f"-{dash}" if dash else "")
    return BaseReading(base, "deep_groove_ball", None, rest, table_only=True)


def _cage(m: re.Match[str], rest: str) -> BaseReading | None:
    fw, ew, bc = (int(g) for g in m.groups())
    if not 0 < fw < ew:
        return None
    return BaseReading(f"K{fw}X{ew}X{bc}", NDL, None, rest, fixed=(Decimal(fw), Decimal(ew), Decimal(bc)))


def _thrust_cage(m: re.Match[str], rest: str) -> BaseReading:
    from .bore import bore_from_code  # noqa: PLC0415 - tiny helper, kept local

    return BaseReading(f"K{m.group(1)}{m.group(2)}", "thrust_roller", bore_from_code(m.group(2)), rest)


def _insert(m: re.Match[str], rest: str, brand: str | None) -> BaseReading | None:
    prefix, digits, inch = m.groups()
    if prefix == "SA" and brand == "ZKL":  # ZKL's SA205 is a pressed-steel unit, not an SA insert
        return BaseReading("", INS, None, rest, rejected=True)
    if inch:
        return None
    return BaseReading(prefix + digits, INS, None, rest, table_only=True)


def _sleeve(m: re.Match[str], rest: str) -> BaseReading:
    prefix, series, code = m.groups()
    return BaseReading(f"{prefix}{series}{code}", ACC, None, rest, table_only=True)


def _nut(m: re.Match[str], rest: str) -> BaseReading:
    return BaseReading(f"{m.group(1)}{int(m.group(2))}", ACC, None, rest, table_only=True)


def _housing(m: re.Match[str], rest: str) -> BaseReading:
    return BaseReading(f"{m.group(1)}{m.group(2)}", ACC, None, rest, table_only=True)


Reader = Callable[[re.Match[str], str, str | None], BaseReading | None]


def _plain_reader(fn: Callable[[re.Match[str], str], BaseReading | None]) -> Reader:
    return lambda m, rest, brand: fn(m, rest)


FAMILY_READERS: tuple[tuple[re.Pattern[str], Reader], ...] = (
    (_DAC_RE, _plain_reader(_dac)),
    (_LINEAR_RE, _plain_reader(_linear)),
    (_PLAIN_RE, _plain),
    (_ROD_RE, _plain_reader(_rod)),
    (_QJ_RE, _plain_reader(_qj)),
    (_CAGE_RE, _plain_reader(_cage)),
    (_THRUST_CAGE_RE, _plain_reader(_thrust_cage)),
    (_INSERT_SB_RE, _insert),
    (_NUT_RE, _plain_reader(_nut)),
    (_HOUSING_RE, _plain_reader(_housing)),
    (_SLEEVE_RE, _plain_reader(_sleeve)),
    (_INCH_R_RE, _plain_reader(_inch_r)),
)


# Readers by the first letter of the text, so that the common numeric designations pay nothing here.
_BY_INITIAL: dict[str, tuple[tuple[re.Pattern[str], Reader], ...]] = {}
for _pattern, _reader in FAMILY_READERS:
    _initials = {p[0] for p in re.findall(r"[A-Z]+", _pattern.pattern.split("\\s")[0])}
    for _initial in _initials:
        _BY_INITIAL[_initial] = (*_BY_INITIAL.get(_initial, ()), (_pattern, _reader))


def read_family(text: str, brand: str | None) -> BaseReading | None:
    """A base of one of the families beyond the standard series, or None."""
    for pattern, reader in _BY_INITIAL.get(text[:1], ()):
        m = pattern.match(text)
        if m:
            reading = reader(m, text[m.end() :], brand)
            if reading is not None:
                return reading
    return None


_INCH_16_RE = re.compile(r"16\d{2}(?!\d)")


def read_inch_16(text: str) -> BaseReading | None:
    """Commercial inch 16xx bearings (`1640-2RS` = 7/8 in bore); only numbers in the inch table."""
    m = _INCH_16_RE.match(text)
    if not m:
        return None
    return BaseReading(m.group(), "deep_groove_ball", None, text[m.end() :], table_only=True)
