"""Designation parser benchmark: accuracy on the acceptance sample and a held-out list, and speed.

Run: .venv/bin/python bench/designations.py [inputs, default 200000]
"""

from __future__ import annotations

import csv
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.designations import DIMENSION_ROWS, parse
from catalog.designations.dimensions import DATA_FILE
from catalog.designations.parser import parse_cache_clear
from tests.catalog.test_designations_families import MARKET, SAMPLE_FILE, _same_dimension
from tests.catalog.test_designations_wide import WIDE_ROWS, wide_row_result

ATTRIBUTES = ("base_designation", "bearing_type", "seal", "clearance", "precision", "bore_mm", "outer_diameter_mm")
ATTRIBUTES += ("width_mm",)

# Held out: written independently of the acceptance sample. (input, brand hint, canonical, bearing_type)
HELD_OUT: list[tuple[str, str | None, str | None, str | None]] = [
    ("6206-2RS1/C3", "SKF", "6206-2RS C3", "deep_groove_ball"),
    ("6308-2Z/C3GJN", "SKF", "6308-2Z C3", "deep_groove_ball"),
    ("6004-2RSH", None, "6004-2RS", "deep_groove_ball"),
    ("6204-2RSL", "SKF", "6204-2RS LF", "deep_groove_ball"),
    ("61805-2RS1", "SKF", "61805-2RS", "deep_groove_ball"),
    ("6806DDU", "NSK", "61806-2RS", "deep_groove_ball"),
    ("6907ZZ", "NTN", "61907-2Z", "deep_groove_ball"),
    ("16005", None, "16005", "deep_groove_ball"),
    ("608-2Z", None, "608-2Z", "deep_groove_ball"),
    ("608ZZ", "NSK", "608-2Z", "deep_groove_ball"),
    ("625-2RS", None, "625-2RS", "deep_groove_ball"),
    ("62/22-2RS", None, "62/22-2RS", "deep_groove_ball"),
    ("63/28ZZ", "NTN", "63/28-2Z", "deep_groove_ball"),
    ("6310LLUC3", "NTN", "6310-2RS C3", "deep_groove_ball"),
    ("6310LLHC3", "NTN", "6310-2RS LF C3", "deep_groove_ball"),
    ("6203VVCM", "NSK", "6203-2RZ CM", "deep_groove_ball"),
    ("6203DDUCM", "NSK", "6203-2RS CM", "deep_groove_ball"),
    ("6207-2RD", "KOYO", "6207-2RS LF", "deep_groove_ball"),
    ("6207-2RU", "KOYO", "6207-2RZ", "deep_groove_ball"),
    ("6207-2NSE", "NACHI", "6207-2RS", "deep_groove_ball"),
    ("6207ZZE", "NACHI", "6207-2Z", "deep_groove_ball"),
    ("6207-C-2HRS-C3", "FAG", "6207-2RS C3", "deep_groove_ball"),
    ("6207-2ZR", "FAG", "6207-2Z", "deep_groove_ball"),
    ("6309-2RS/P63", "HRB", "6309-2RS C3 P6", "deep_groove_ball"),
    ("6309/P5", "LYC", "6309 P5", "deep_groove_ball"),
    ("6309-ZN", None, "6309-Z N", "deep_groove_ball"),
    ("6309NR", "NTN", "6309 NR", "deep_groove_ball"),
    ("6205 ABEC-7", None, "6205 P4", "deep_groove_ball"),
    ("ＳＫＦ　６２０５－２Ｚ／Ｃ３", None, "6205-2Z C3", "deep_groove_ball"),
    ("哈尔滨轴承 6206-2RZ", None, "6206-2RZ", "deep_groove_ball"),
    ("洛阳 6312/C3", None, "6312 C3", "deep_groove_ball"),
    ("光洋 6208ZZCM", None, "6208-2Z CM", "deep_groove_ball"),
    ("W 6205-2Z", "SKF", "6205-2Z SS", "deep_groove_ball"),
    ("180206", None, "6206-2RS", "deep_groove_ball"),
    ("80305", None, "6305-2Z", "deep_groove_ball"),
    ("6-180204", None, "6204-2RS P6", "deep_groove_ball"),
    ("306", None, "6306", "deep_groove_ball"),
    ("7000106", None, "16006", "deep_groove_ball"),
    ("7206 BECBP", "SKF", "7206B", "angular_contact_ball"),
    ("7206B", "NTN", "7206B", "angular_contact_ball"),
    ("7206", "NTN", "7206A", "angular_contact_ball"),
    ("7206A", "NSK", "7206A", "angular_contact_ball"),
    ("7306-B-XL-JP", "FAG", "7306B", "angular_contact_ball"),
    ("7206AC/P5", "ZWZ", "7206AC P5", "angular_contact_ball"),
    ("46206", None, "7206AC", "angular_contact_ball"),
    ("36206", None, "7206C", "angular_contact_ball"),
    ("22216 E", "SKF", "22216", "spherical_roller"),
    ("22216 EK", "SKF", "22216 K", "spherical_roller"),
    ("22216EAKE4C3", "NSK", "22216 K C3", "spherical_roller"),
    ("22216-E1-XL-K-C3", "FAG", "22216 K C3", "spherical_roller"),
    ("22216CAK/W33", "ZWZ", "22216 K", "spherical_roller"),
    ("22216EMW33", "TIMKEN", "22216", "spherical_roller"),
    ("22312EMD1", "NTN", "22312", "spherical_roller"),
    ("23120 CCK30/W33", "SKF", "23120 K30", "spherical_roller"),
    ("3516", None, "22216", "spherical_roller"),
    ("53516", None, "22216", "spherical_roller"),  # old code of 22216 (GOST-ISO table: 53500 = 22200)
    ("NU 208 ECP", "SKF", "NU208", "cylindrical_roller"),
    ("NU208-E-XL-TVP2", "FAG", "NU208", "cylindrical_roller"),
    ("NU208EW", "NSK", "NU208", "cylindrical_roller"),
    ("NJ 2208 ECJ", "SKF", "NJ2208", "cylindrical_roller"),
    ("NUP308EM", "NTN", "NUP308", "cylindrical_roller"),
    ("42208", None, "NJ208", "cylindrical_roller"),
    ("92208", None, "NUP208", "cylindrical_roller"),
    ("30208 J2/Q", "SKF", "30208", "tapered_roller"),
    ("4T-30208", "NTN", "30208", "tapered_roller"),
    ("HR30208J", "NSK", "30208", "tapered_roller"),
    ("30208JR", "KOYO", "30208", "tapered_roller"),
    ("32210", None, "32210", "tapered_roller"),
    ("7510", None, "32210", "tapered_roller"),
    ("LM67048/10", "TIMKEN", "LM67048/LM67010", "tapered_roller"),
    ("L44643/L44610", None, "L44643/L44610", "tapered_roller"),
    ("51206", "SKF", "51206", "thrust_ball"),
    ("8206", None, "51206", "thrust_ball"),
    ("1206 ETN9", "SKF", "1206", "self_aligning_ball"),
    ("1213K-TVH-C3", "FAG", "1213 K C3", "self_aligning_ball"),
    ("2207-2RS", None, "2207-2RS", "self_aligning_ball"),
    ("UC206", "NTN", "UC206", "insert_unit"),
    ("UCP206", None, "UCP206", "insert_unit"),
    ("UCFL 208", None, "UCFL208", "insert_unit"),
    ("NA4905", "NTN", "NA4905", "needle_roller"),
    ("HK2516", "INA", "HK2516", "needle_roller"),
    ("29412 E", "SKF", "29412", "thrust_roller"),
    ("6205 PLEASE QUOTE", None, None, None),
    ("BEARING", None, None, None),
    ("62052", None, None, None),
    ("6205-2RS-2Z", None, None, None),
]


def _pct(n: int, total: int) -> str:
    return f"{n}/{total} = {100 * n / total:.1f} %"


def accuracy_sample() -> None:
    """Rows fully right and per-attribute accuracy on interchange-sample.csv."""
    with DATA_FILE.with_name("interchange-sample.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    per_attr = dict.fromkeys(ATTRIBUTES, 0)
    full = 0
    for row in rows:
        got = parse(row["input"], row["brand"] or None).as_dict()
        right = [a for a in ATTRIBUTES if got[a] == row[a]]
        for a in right:
            per_attr[a] += 1
        full += len(right) == len(ATTRIBUTES)
    print(f"interchange-sample.csv: {len(rows)} rows, fully right {_pct(full, len(rows))}")
    for a, n in per_attr.items():
        print(f"  {a:18} {_pct(n, len(rows))}")


def accuracy_families() -> None:
    """Rows fully right on the families sample (inch sizes within ±0.002 mm) and the market-notation table."""
    with SAMPLE_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    full = 0
    for row in rows:
        got = parse(row["input"], row["brand"] or None).as_dict()
        same = all(got[a] == row[a] for a in ATTRIBUTES[:5]) and all(
            _same_dimension(got[a], row[a] or None) for a in ATTRIBUTES[5:]
        )
        full += same
        if not same:
            print(f"  MISS {row['input']!r}")
    print(f"families-sample.csv: {len(rows)} rows, fully right {_pct(full, len(rows))}")
    right = 0
    for text, hint, base, btype, seal, precision, *dims in MARKET:
        got = parse(text, hint).as_dict()
        expected = (base, btype, seal, precision)
        same = (got["base_designation"], got["bearing_type"], got["seal"], got["precision"]) == expected and all(
            _same_dimension(got[a], d) for a, d in zip(ATTRIBUTES[5:], dims, strict=True)
        )
        right += same or (base is None and not got["recognized"])
    print(f"families market notations: {len(MARKET)} rows, fully right {_pct(right, len(MARKET))}")


def accuracy_held_out() -> None:
    """Canonical form and type on the held-out list (None = must be unrecognized)."""
    right = 0
    for text, brand, canonical, btype in HELD_OUT:
        got = parse(text, brand)
        if (got.canonical, got.bearing_type) == (canonical, btype):
            right += 1
        else:
            print(f"  MISS {text!r} ({brand}): {got.canonical} {got.bearing_type}, expected {canonical} {btype}")
    print(f"held-out list: {len(HELD_OUT)} designations, fully right {_pct(right, len(HELD_OUT))}")


def accuracy_wide() -> None:
    """Base, type, seal, clearance and precision on the wide set (tests/catalog/test_designations_wide.py)."""
    right = 0
    for row in WIDE_ROWS:
        got = wide_row_result(row)
        if got == row[2:]:
            right += 1
        else:
            print(f"  MISS {row[0]!r} ({row[1]}): {got}, expected {row[2:]}")
    brands = len({row[1] for row in WIDE_ROWS if row[1]})
    print(f"wide set: {len(WIDE_ROWS)} rows, {brands} brand hints, fully right {_pct(right, len(WIDE_ROWS))}")


def realistic_mix(n: int, seed: int = 7) -> list[tuple[str, str | None]]:
    """Designations as listings and RFQs carry them: many makers' writings, Chinese brands, noise."""
    rng = random.Random(seed)
    standard = [r for r in DIMENSION_ROWS if r.table == DATA_FILE.name]
    ball = [r.base_designation for r in standard if r.bearing_type == "deep_groove_ball"]
    other = [r.base_designation for r in standard if r.bearing_type != "deep_groove_ball"]
    families = [text for text, *_rest in MARKET]
    writings = [
        ("{b}-2RSH/{c}", "SKF"),
        ("{b}-2Z/{c}", "SKF"),
        ("{b}-2RSR-{c}", "FAG"),
        ("{b}DDU{c}", "NSK"),
        ("{b}ZZ{c}", "NSK"),
        ("{b}LLU{c}/2AS", "NTN"),
        ("{b}-2RS{c}", "KOYO"),
        ("{b}-2RS/{c}", "ZWZ"),
        ("瓦轴 {b}-2RS/{c}", None),
        ("NSK {b}DDU {c}", None),
        ("{b}2RS{c}", None),
        ("{b} 2RS {c} (NSK)", None),
        ("{b}-2RS1/{c}VL0241", "SKF"),
        ("{b}-2NSE9{c}", "NACHI"),
    ]
    clearances = ["", "C3", "C3", "C4", "CM"]
    out: list[tuple[str, str | None]] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.65:
            tpl, brand = rng.choice(writings)
            text = tpl.format(b=rng.choice(ball), c=rng.choice(clearances)).rstrip("/- ")
        elif roll < 0.8:
            text, brand = rng.choice(other) + rng.choice(["", " E", "/C3", "-E1-XL", " ECP", "K", "-2RS"]), None
        elif roll < 0.9:
            text, brand = rng.choice(families), None
        elif roll < 0.95:
            text, brand = str(rng.randint(100, 9_999_999)), None
        else:
            text, brand = "".join(rng.choice("ABCDEFXYZ0123456789- /") for _ in range(rng.randint(1, 25))), None
        out.append((text, brand))
    return out


def _rate(mix: list[tuple[str, str | None]], *, clear_each: bool) -> tuple[float, float]:
    """(CPU-time rate, wall-clock rate) of one pass over the mix, cache cleared first."""
    parse_cache_clear()
    cpu, wall = time.process_time(), time.perf_counter()
    for text, brand in mix:
        if clear_each:
            parse_cache_clear()
        parse(text, brand)
    return len(mix) / (time.process_time() - cpu), len(mix) / (time.perf_counter() - wall)


def speed(n: int) -> None:
    """Designations per second on one core: cold (every input new) and with realistic repeats.

    CPU time is the figure to read on a shared machine; wall-clock time is printed next to it.
    """
    mix = realistic_mix(n)
    unique = len(set(mix))
    cold = max((_rate(mix, clear_each=True) for _ in range(2)), key=lambda r: r[0])
    warm = max((_rate(mix, clear_each=False) for _ in range(2)), key=lambda r: r[0])
    recognized = sum(parse(t, b).recognized for t, b in mix)
    print(f"speed: {n} inputs ({unique} distinct, {_pct(recognized, n)} recognized), one core, best of 2")
    print(f"  cache cleared before every call : {cold[0]:,.0f} designations/s CPU ({cold[1]:,.0f}/s wall)")
    print(f"  LRU cache (65,536), cold start  : {warm[0]:,.0f} designations/s CPU ({warm[1]:,.0f}/s wall)")
    print(f"  load average while measuring    : {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main() -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}; {len(DIMENSION_ROWS)} dimension rows")
    accuracy_sample()
    accuracy_families()
    accuracy_held_out()
    accuracy_wide()
    speed(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)


if __name__ == "__main__":
    main()
