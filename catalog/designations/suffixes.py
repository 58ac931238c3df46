"""Suffix tables per maker and the lexer that splits run-together suffixes (`DDUC3`, `LLUC3/5K`).

Sources: suffix-map.csv (see data/README.md). Seal/shield codes differ by maker, clearance and
precision codes are ISO 5753 / ISO 492 and written alike. A code whose only source is a single
secondary page (NSK `DD`) is recognised only when the text or the hint names that maker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .series import AC, CYL, DG, NDL, SPH, TR


@dataclass(frozen=True, slots=True)
class Effect:
    """What one suffix says about the bearing."""

    seal: str | None = None
    clearance: str | None = None
    precision: str | None = None
    variant: tuple[str, ...] = ()
    design: bool = False  # cage/design/grease: kept, never changes the match


def _seal(seal: str, *variant: str) -> Effect:
    return Effect(seal=seal, variant=variant)


# Seal and shield codes, per maker: suffix → (ISO seal, variant tokens). LF = low-friction seal,
# FKM = fluoro-rubber seal; both are kept apart from an ordinary NBR contact seal.
SEAL_SUFFIXES: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "SKF": {
        "Z": ("Z", ()), "2Z": ("2Z", ()), "RS1": ("RS", ()), "2RS1": ("2RS", ()),
        "RSH": ("RS", ()), "2RSH": ("2RS", ()), "RS2": ("RS", ("FKM",)), "2RS2": ("2RS", ("FKM",)),
        "RSL": ("RS", ("LF",)), "2RSL": ("2RS", ("LF",)), "RZ": ("RZ", ()), "2RZ": ("2RZ", ()),
    },
    "FAG": {
        "Z": ("Z", ()), "2Z": ("2Z", ()), "ZR": ("Z", ()), "2ZR": ("2Z", ()),
        "RSR": ("RS", ()), "2RSR": ("2RS", ()), "HRS": ("RS", ()), "2HRS": ("2RS", ()),
    },
    "NSK": {
        "Z": ("Z", ()), "ZZ": ("2Z", ()), "V": ("RZ", ()), "VV": ("2RZ", ()),
        "DU": ("RS", ()), "DDU": ("2RS", ()), "DD": ("2RS", ()),
    },
    "NTN": {
        "Z": ("Z", ()), "ZZ": ("2Z", ()), "LU": ("RS", ()), "LLU": ("2RS", ()),
        "LB": ("RZ", ()), "LLB": ("2RZ", ()), "LLH": ("2RS", ("LF",)),
    },
    "KOYO": {
        "Z": ("Z", ()), "ZZ": ("2Z", ()), "RU": ("RZ", ()), "2RU": ("2RZ", ()),
        "RS": ("RS", ()), "2RS": ("2RS", ()), "RD": ("RS", ("LF",)), "2RD": ("2RS", ("LF",)),
    },
    "NACHI": {
        "Z": ("Z", ()), "ZZ": ("2Z", ()), "ZE": ("Z", ()), "ZZE": ("2Z", ()),
        "NSE": ("RS", ()), "2NSE": ("2RS", ()), "NSE9": ("RS", ()), "2NSE9": ("2RS", ()),
        "NKE": ("RZ", ()), "2NKE": ("2RZ", ()), "NKE9": ("RZ", ()), "2NKE9": ("2RZ", ()),
    },
    "TIMKEN": {
        "Z": ("Z", ()), "ZZ": ("2Z", ()), "RS": ("RS", ()), "2RS": ("2RS", ()),
        "RZ": ("RZ", ()), "2RZ": ("2RZ", ()),
    },
    # GB/T 272 as written by ZWZ, HRB, LYC, C&U and most Chinese makers (also the canonical form).
    "GB": {
        "Z": ("Z", ()), "2Z": ("2Z", ()), "ZZ": ("2Z", ()), "RS": ("RS", ()), "2RS": ("2RS", ()),
        "RZ": ("RZ", ()), "2RZ": ("2RZ", ()),
    },
}  # fmt: skip
# Codes seen in one secondary source only: honoured only for that maker.
BRAND_ONLY: frozenset[tuple[str, str]] = frozenset({("NSK", "DD")})

CLEARANCE_SUFFIXES: dict[str, str] = {
    "C2": "C2", "CN": "CN", "C0": "CN", "C3": "C3", "C4": "C4", "C5": "C5", "CM": "CM",
}  # fmt: skip
PRECISION_SUFFIXES: dict[str, str] = {
    "P0": "P0", "PN": "P0", "P6": "P6", "P6X": "P6", "P5": "P5", "P4": "P4", "P2": "P2",
    "ABEC1": "P0", "ABEC3": "P6", "ABEC5": "P5", "ABEC7": "P4", "ABEC9": "P2",
    # Super-precision: SKF P4A (ISO 4 dimensions, better running accuracy) and PA9A (ABEC 9 throughout);
    # Schaeffler P4S, its own class nearest ISO 4 (a convention, see data/README.md).
    "P4A": "P4", "PA9A": "P2", "P4S": "P4",
}  # fmt: skip
# GB/T 272 writes precision and clearance together: /P63 = P6 + C3.
COMBINED_SUFFIXES: dict[str, tuple[str, str]] = {f"P{p}{c}": (f"P{p}", f"C{c}") for p in "6542" for c in "2345"}
VARIANT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "K": ("K",), "K30": ("K30",), "N": ("N",), "NR": ("NR",), "LF": ("LF",), "FKM": ("FKM",), "SS": ("SS",),
    # SKF INSOCOAT: current-insulating coating on the outer (VL0241) or inner (VL2071) ring.
    "VL0241": ("INS",), "VL2071": ("INSI",),
    # SKF special executions for vibrating machinery: kept under their own code, never equal to the plain bearing.
    "VA405": ("VA405",), "VA406": ("VA406",),
    # Matched pairs (back-to-back, face-to-face, tandem): a set of two bearings, not one.
    "DB": ("DB",), "DF": ("DF",), "DT": ("DT",),
    # Hybrid bearings (ceramic balls): SKF /HC…, Schaeffler HCB… .
    "HC": ("HC",),
    # NSK tapered bore of NN30 written KR; NSK radial clearances of NN30 (not in the vocabulary, kept apart).
    "KR": ("K",), "CC0": ("CC0",), "CC1": ("CC1",), "CC9": ("CC9",),
}  # fmt: skip
# Cage, internal-design, lubrication-feature and grease codes: recognised, kept, never matched on.
DESIGN_SUFFIXES: dict[str, str] = {
    "E": "optimised internal design (SKF, FAG, NSK)", "EC": "SKF cylindrical E design",
    "ECP": "SKF E design, polyamide cage", "ECJ": "SKF E design, steel cage",
    "ECM": "SKF E design, brass cage", "ECML": "SKF E design, brass cage",
    "ECA": "SKF brass cage", "EM": "brass cage (NTN, NSK, Timken)", "EMB": "Timken brass cage",
    "EJ": "Timken steel cage", "EJA": "SKF steel cage", "EA": "NSK/NTN steel cage design",
    "E1": "FAG E1 design", "XL": "FAG X-life", "X": "ISO boundary dimensions (SKF, FAG)",
    "ET": "NSK polyamide cage", "EW": "NSK pressed steel cage", "W": "NSK pressed steel cage",
    "T": "NSK polyamide cage",
    "EP": "SKF polyamide cage (BEP)", "ECBP": "SKF polyamide cage, matchable",
    "ECBM": "SKF brass cage, matchable", "ECBY": "SKF brass cage, matchable", "EGAP": "SKF universal, polyamide",
    "M": "machined brass cage", "MA": "brass cage, outer-ring centred", "MB": "brass cage, inner-ring centred",
    "M1": "FAG brass cage", "TN": "polyamide cage", "TN9": "SKF polyamide cage", "TNH": "SKF PEEK cage",
    "TVP": "FAG polyamide cage", "TVP2": "FAG polyamide cage", "TVH": "FAG polyamide cage",
    "J": "pressed steel cage / ISO tapered geometry", "J2": "SKF tapered steel cage", "Q": "SKF tapered geometry",
    "JR": "KOYO tapered steel cage", "JP": "FAG steel cage",
    "CA": "brass cage", "CAC": "SKF brass cage", "CAM": "NSK brass cage", "CC": "SKF steel cages",
    "CJ": "SKF steel cage", "CCJA": "SKF steel cage", "CD": "NSK steel cage",
    "W33": "lubrication groove and holes", "E4": "NSK lubrication groove (= W33)",
    "D1": "NTN lubrication groove (= W33); NTN insert design", "G1": "NTN brass cage", "L1": "NTN brass cage",
    "T2": "NTN polyamide cage", "RH": "KOYO steel cage", "RHR": "KOYO steel cage", "RHA": "KOYO machined cage",
    "2AS": "NTN grease", "5K": "NTN grease", "LHT23": "SKF grease", "LT": "SKF grease", "LT10": "SKF grease",
    "HT": "SKF grease", "GJN": "SKF grease", "WT": "SKF grease", "MT33": "SKF grease", "MT47": "SKF grease",
    "ECMA": "SKF E design, brass cage", "E1A": "FAG E1 design variant", "EX": "NACHI spherical design, steel cage",
    "MP": "FAG machined brass window cage", "MPA": "FAG brass cage, outer-ring guided",
    # Universal matching / preload of single angular-contact bearings: one bearing of the same size either way.
    "CB": "SKF universal matching", "CBM": "SKF universal matching, brass cage", "GA": "SKF universal, light preload",
    "GB": "SKF universal, moderate preload", "UA": "FAG universal, small axial clearance", "UB": "FAG universal",
    "UO": "FAG universal, zero clearance", "UL": "FAG universal, light preload", "SU": "NSK universal (single)",
    "TV": "Schaeffler polyamide cage", "TB": "NSK PPS cage", "TYN": "NSK polyamide cage (super-precision)",
    "E44": "NSK lubrication groove (NN30)", "PHAS": "Schaeffler brass cage (QJ)",
    # GB/T noise and vibration classes (Z1-Z4, V1-V4): quality grading of the same bearing.
    **{f"{z}{n}": "GB/T vibration class" for z in "ZV" for n in "1234"},
}  # fmt: skip
# Grease codes written as L + three digits after the other suffixes (NTN /L627, Schaeffler -L038).
GREASE_CODES: frozenset[str] = frozenset(f"L{n:03d}" for n in range(1000))
# Letters whose meaning depends on the bearing type: FAG's Generation C deep-groove ball bearing
# (6205-C-2HRS), SKF's double-row angular-contact design (3205 A), NTN's flush-ground angular-contact
# bearing for universal matching (7205BG), KOYO's tapered-roller design letter (30205R) and NTN's
# machined-ring needle roller bearing (NA4905R, NK25/20R).
TYPE_ONLY_DESIGN: dict[str, frozenset[str]] = {
    "C": frozenset((DG, SPH)), "A": frozenset((AC,)), "G": frozenset((AC,)), "R": frozenset((TR, NDL)),
    # Preload classes of super-precision angular-contact bearings (NSK SUL, SUM, SUH; EL extra light),
    # the locating slots of four-point bearings (QJ308 N2MA), the NSK cage code of NN30 (TR).
    "L": frozenset((AC,)), "H": frozenset((AC,)), "N2": frozenset((AC,)), "TR": frozenset((AC, CYL)),
    # Housing seal and variant letters of plummer blocks (SNL 508 TL) and the ABS ring of hub bearings.
    "TL": frozenset(("accessory",)), "TA": frozenset(("accessory",)), "TC": frozenset(("accessory",)),
    "TG": frozenset(("accessory",)), "TURT": frozenset(("accessory",)), "TURA": frozenset(("accessory",)),
    "ABS": frozenset(("hub_unit",)),
}  # fmt: skip

SEPARATORS = frozenset(" -/.,")
_MAX_TOKEN = 6


def _global_table() -> dict[str, Effect]:
    table: dict[str, Effect] = {}
    for brand, codes in SEAL_SUFFIXES.items():
        for code, (seal, variant) in codes.items():
            if (brand, code) not in BRAND_ONLY:
                table[code] = _seal(seal, *variant)
    table.update({k: Effect(clearance=v) for k, v in CLEARANCE_SUFFIXES.items()})
    table.update({k: Effect(precision=v) for k, v in PRECISION_SUFFIXES.items()})
    table.update({k: Effect(precision=p, clearance=c) for k, (p, c) in COMBINED_SUFFIXES.items()})
    table.update({k: Effect(variant=v) for k, v in VARIANT_SUFFIXES.items()})
    table.update({k: Effect(design=True) for k in (*DESIGN_SUFFIXES, *TYPE_ONLY_DESIGN, *GREASE_CODES)})
    return table


_GLOBAL = _global_table()


@cache
def table_for(brand: str | None) -> dict[str, Effect]:
    """All suffixes understood for a maker (its own codes take precedence)."""
    table = dict(_GLOBAL)
    for code, (seal, variant) in SEAL_SUFFIXES.get(brand or "", {}).items():
        table[code] = _seal(seal, *variant)
    return table


def lex(text: str, brand: str | None, bearing_type: str) -> list[tuple[str, Effect]] | None:
    """Split suffix text into known codes, backtracking over run-together ones; None if impossible."""
    table = table_for(brand)
    failed: set[int] = set()

    def walk(pos: int) -> list[tuple[str, Effect]] | None:
        while pos < len(text) and text[pos] in SEPARATORS:
            pos += 1
        if pos == len(text):
            return []
        if pos in failed:
            return None
        for end in range(min(len(text), pos + _MAX_TOKEN), pos, -1):
            token = text[pos:end]
            effect = table.get(token)
            if effect is None or bearing_type not in TYPE_ONLY_DESIGN.get(token, (bearing_type,)):
                continue
            tail = walk(end)
            if tail is not None:
                return [(token, effect), *tail]
        failed.add(pos)
        return None

    return walk(0)


_TAIL_MAX = 20
_TAIL_RE = re.compile(rf"[A-Z][A-Z0-9./-]{{0,{_TAIL_MAX - 1}}}")
# A tail that starts like a precision or clearance class (SKF SP, UP; P…, C…) could change what the
# bearing is said to be: no tail then, the text stays unrecognised.
_CLASS_LIKE_RE = re.compile(r"(?:SP|UP|P\d|PA\d|ABEC|C\d|CN|CM|CC\d)")


def lex_with_tail(text: str, brand: str | None, bearing_type: str) -> tuple[list[tuple[str, Effect]], str] | None:
    """The longest run of known codes before a `/`, `-`, `.` or a code ending in a digit, and the unknown tail.

    The tail is one suffix group: it starts with a Latin letter right after `/`, `-`, `.` or a known code
    that ends in a digit (`C3HT51`), and has no spaces, so free text (`6205 PLEASE QUOTE`), a code glued
    to the base (`6205DD`) or a digit run (`62052`) never leaves a tail and stays unrecognised.
    """
    for cut in range(len(text) - 1, 0, -1):
        if not (text[cut - 1] in "/-." or text[cut - 1].isdigit()) or not _TAIL_RE.fullmatch(text[cut:]):
            continue
        if _CLASS_LIKE_RE.match(text[cut:]):
            continue
        tokens = lex(text[:cut], brand, bearing_type)
        if tokens is not None:
            return tokens, text[cut:].strip("/-.")
    return None
