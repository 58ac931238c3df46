"""Believable listings: brand notations, prices and stock for the bearings of the dimension table.

Pure Python and deterministic (seeded per supplier), so a second run proposes the same SKUs.
"""

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from catalog.designations import DIMENSION_ROWS, DimensionRow, parse
from catalog.designations.dimensions import DATA_FILE

CENT = Decimal("0.01")

# Price of the bearing in a domestic brand per type, relative to a deep groove ball bearing.
STANDARD_TABLE = DATA_FILE.name
TYPE_FACTOR = {
    "deep_groove_ball": 1.0,
    "angular_contact_ball": 2.2,
    "self_aligning_ball": 1.4,
    "cylindrical_roller": 1.9,
    "spherical_roller": 3.4,
    "tapered_roller": 1.2,
    "thrust_ball": 0.8,
    "thrust_roller": 2.4,
    "needle_roller": 1.6,
    "insert_unit": 1.3,
}
# Street prices relative to ZWZ-class domestic goods: the majors sell at 3-8 times.
BRAND_FACTOR = {
    "C&U": 0.9,
    "LYC": 1.0,
    "HRB": 1.0,
    "ZWZ": 1.1,
    "KOYO": 3.4,
    "NACHI": 3.3,
    "NTN": 3.8,
    "NSK": 4.3,
    "FAG": 5.0,
    "SKF": 5.6,
    "TIMKEN": 6.5,
}
SEAL_FACTOR = {"open": 1.0, "Z": 1.05, "2Z": 1.1, "RS": 1.1, "2RS": 1.18, "RZ": 1.12, "2RZ": 1.2}
CLEARANCE_FACTOR = {"CN": 1.0, "C3": 1.06, "C4": 1.12}
PRECISION_FACTOR = {"P0": 1.0, "P6": 1.35, "P5": 1.9}

# (seal, clearance, precision, weight) per type; the common ones first.
DEEP_GROOVE_VARIANTS = (
    ("2RS", "CN", "P0", 22),
    ("2Z", "CN", "P0", 20),
    ("open", "CN", "P0", 12),
    ("2RS", "C3", "P0", 12),
    ("2Z", "C3", "P0", 10),
    ("open", "C3", "P0", 8),
    ("Z", "CN", "P0", 4),
    ("RS", "CN", "P0", 4),
    ("2RZ", "CN", "P0", 3),
    ("open", "CN", "P6", 3),
    ("2RS", "CN", "P6", 2),
)
PLAIN_VARIANTS = (("open", "CN", "P0", 70), ("open", "C3", "P0", 25), ("open", "C4", "P0", 5))
ONLY_PLAIN = (("open", "CN", "P0", 1),)

SEAL_SUFFIX = {
    "SKF": {"Z": "-Z", "2Z": "-2Z", "RS": "-RSH", "2RS": "-2RSH", "RZ": "-RZ", "2RZ": "-2RZ"},
    "FAG": {"Z": "-Z", "2Z": "-2Z", "RS": "-RSR", "2RS": "-2RSR"},
    "NSK": {"Z": "Z", "2Z": "ZZ", "RS": "DU", "2RS": "DDU", "RZ": "V", "2RZ": "VV"},
    "NTN": {"Z": "Z", "2Z": "ZZ", "RS": "LU", "2RS": "LLU", "RZ": "LB", "2RZ": "LLB"},
    "KOYO": {"Z": "Z", "2Z": "ZZ", "RS": "-RS", "2RS": "-2RS"},
    "NACHI": {"Z": "Z", "2Z": "ZZ"},
}
CHINESE_SEALS = {"Z": "-Z", "2Z": "-2Z", "RS": "-RS", "2RS": "-2RS", "RZ": "-RZ", "2RZ": "-2RZ"}
# Design suffixes a brand prints on its standard execution of a series.
DESIGN_SUFFIX = {
    ("SKF", "spherical_roller"): " E",
    ("SKF", "cylindrical_roller"): " ECP",
    ("SKF", "tapered_roller"): " J2/Q",
    ("SKF", "self_aligning_ball"): " ETN9",
    ("FAG", "spherical_roller"): "-E1",
    ("FAG", "cylindrical_roller"): "-E-TVP2",
    ("FAG", "self_aligning_ball"): "-TVH",
    ("NSK", "spherical_roller"): "EAE4",
    ("NSK", "cylindrical_roller"): "ET",
    ("NTN", "cylindrical_roller"): "E",
    ("KOYO", "tapered_roller"): "JR",
    ("ZWZ", "spherical_roller"): "CA",
    ("HRB", "spherical_roller"): "CA",
    ("LYC", "spherical_roller"): "CA",
    ("C&U", "spherical_roller"): "CC",
    ("ZWZ", "cylindrical_roller"): "EM",
    ("HRB", "cylindrical_roller"): "E",
    ("LYC", "cylindrical_roller"): "EM",
}


@dataclass(frozen=True)
class Offer:
    """One listing to put on the market, in the API's field names."""

    sku: str
    brand: str
    designation: str
    quantity_available: int
    moq: int
    lead_time_days: int
    price_breaks: tuple[tuple[int, Decimal], ...]

    def as_input(self, warehouse_city: str) -> dict[str, object]:
        return {
            "sku": self.sku,
            "brand": self.brand,
            "designation": self.designation,
            "quantity_available": self.quantity_available,
            "moq": self.moq,
            "lead_time_days": self.lead_time_days,
            "warehouse_city": warehouse_city,
            "price_breaks": [{"min_quantity": q, "unit_price": str(p)} for q, p in self.price_breaks],
        }


def write_designation(brand: str, row: DimensionRow, seal: str, clearance: str, precision: str) -> str:
    """The designation as the brand prints it (NSK 6205DDUC3, SKF 6205-2RSH/C3, FAG 6205-2RSR-C3, ZWZ 6205-2RS/C3)."""
    base, kind = row.base_designation, row.bearing_type
    if brand == "NSK" and kind == "tapered_roller" and base[:1].isdigit() and "/" not in base:
        base = f"HR{base}J"
    text = base + DESIGN_SUFFIX.get((brand, kind), "")
    if seal != "open":
        text += SEAL_SUFFIX.get(brand, CHINESE_SEALS).get(seal, CHINESE_SEALS[seal])
    if brand in {"NSK", "NTN", "KOYO", "NACHI"}:
        return text + (clearance if clearance != "CN" else "") + (precision if precision != "P0" else "")
    if brand == "FAG":
        return text + "".join(f"-{c}" for c in (clearance, precision) if c not in {"CN", "P0"})
    if brand in {"ZWZ", "HRB", "LYC", "C&U"} and kind == "spherical_roller":
        return text + ("/C3W33" if clearance == "C3" else "/C4W33" if clearance == "C4" else "/W33")
    # SKF and the Chinese standard: "/C3", "/P6", "/P63".
    if precision != "P0" and clearance != "CN":
        return f"{text}/{precision}{clearance[1:]}"
    tail = clearance if clearance != "CN" else precision if precision != "P0" else ""
    return f"{text}/{tail}" if tail else text


def reference_price(row: DimensionRow, brand: str, seal: str, clearance: str, precision: str) -> Decimal:
    """A street price in CNY, VAT included: grows a little slower than the steel in the ring."""
    bore, outer, width = (float(v) for v in (row.bore_mm, row.outer_diameter_mm, row.width_mm))
    volume = math.pi / 4 * max(outer**2 - bore**2, 1.0) * width  # mm³ of the ring envelope
    base = max(1.8, 10.0 * (volume / 24_480) ** 0.85) * TYPE_FACTOR.get(row.bearing_type, 1.5)
    factor = BRAND_FACTOR.get(brand, 2.5) * SEAL_FACTOR[seal] * CLEARANCE_FACTOR[clearance]
    return Decimal(str(base * factor * PRECISION_FACTOR[precision])).quantize(CENT, rounding=ROUND_HALF_UP)


TO_ORDER_SHARE = 0.12  # listings with no stock, sold on lead time
CHEAP = Decimal(20)  # CNY: sold by the hundred
MID_PRICED = Decimal(200)


def _stock(rng: random.Random, price: Decimal) -> tuple[int, int, int]:
    """(quantity on hand, moq, lead time): cheap bearings by the hundred, large ones a few, some to order."""
    if rng.random() < TO_ORDER_SHARE:
        return 0, 1, rng.choice((7, 10, 15, 20, 30, 45))
    if price < CHEAP:
        return rng.randrange(200, 5000, 10), rng.choice((1, 1, 10, 50)), 0
    if price < MID_PRICED:
        return rng.randrange(20, 800), rng.choice((1, 1, 5)), rng.choice((0, 0, 0, 3))
    return rng.randrange(1, 40), 1, rng.choice((0, 0, 3, 7))


def _breaks(price: Decimal, moq: int) -> tuple[tuple[int, Decimal], ...]:
    first = moq
    tiers = [(first, price)]
    for quantity, discount in ((max(first * 10, 10), Decimal("0.95")), (max(first * 100, 100), Decimal("0.88"))):
        if quantity > first:
            tiers.append((quantity, (price * discount).quantize(CENT, rounding=ROUND_HALF_UP)))
    return tuple(tiers)


POPULAR_SERIES = ("62", "63", "60", "222", "223", "302", "303", "322", "NU2", "NU3", "72", "12", "22", "511", "UC")


def _popularity(row: DimensionRow) -> float:
    """Small and medium sizes of the common series sell far more than the rest."""
    series_bonus = 3.0 if row.base_designation.startswith(POPULAR_SERIES) else 1.0
    return series_bonus / (1.0 + float(row.bore_mm) / 35.0) ** 2


def _rows_by_type() -> dict[str, tuple[list[DimensionRow], list[float]]]:
    rows: dict[str, tuple[list[DimensionRow], list[float]]] = {}
    for row in DIMENSION_ROWS:
        # The demo market trades the standard series (the family tables have no demo prices).
        if row.bearing_type in TYPE_FACTOR and row.table == STANDARD_TABLE:
            table, weights = rows.setdefault(row.bearing_type, ([], []))
            table.append(row)
            weights.append(_popularity(row))
    return rows


def _variants(kind: str) -> tuple[tuple[str, str, str, int], ...]:
    if kind == "deep_groove_ball":
        return DEEP_GROOVE_VARIANTS
    if kind in {"spherical_roller", "cylindrical_roller", "self_aligning_ball"}:
        return PLAIN_VARIANTS
    return ONLY_PLAIN


def _sku(brand: str, designation: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in designation.upper()).strip("-")
    return f"{brand.replace('&', '')}-{'-'.join(part for part in cleaned.split('-') if part)}"[:64]


def supplier_offers(
    *, seed: str, brands: Sequence[str], types: dict[str, int], count: int, attempts_per_offer: int = 6
) -> Iterator[Offer]:
    """Up to `count` distinct offers for one supplier, popular sizes and variants first-weighted."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    rows = _rows_by_type()
    kinds = [kind for kind in types if rows.get(kind)]
    weights = [types[kind] for kind in kinds]
    seen: set[str] = set()
    for _attempt in range(count * attempts_per_offer):
        if len(seen) >= count:
            return
        kind = rng.choices(kinds, weights)[0]
        table, popularity = rows[kind]
        row = rng.choices(table, popularity)[0]
        brand = rng.choice(brands)
        variants = _variants(kind)
        seal, clearance, precision, _weight = rng.choices(variants, [v[3] for v in variants])[0]
        designation = write_designation(brand, row, seal, clearance, precision)
        parsed = parse(designation, brand)
        if not parsed.recognized or parsed.base_designation != row.base_designation:
            designation = row.base_designation
        sku = _sku(brand, designation)
        if sku in seen:
            continue
        seen.add(sku)
        # Each trader prices a little differently around the street price.
        price = reference_price(row, brand, seal, clearance, precision) * Decimal(str(rng.uniform(0.88, 1.15)))
        price = max(price.quantize(CENT, rounding=ROUND_HALF_UP), Decimal("0.80"))
        quantity, moq, lead_time = _stock(rng, price)
        yield Offer(
            sku=sku,
            brand=brand,
            designation=designation,
            quantity_available=quantity,
            moq=moq,
            lead_time_days=lead_time,
            price_breaks=_breaks(price, moq),
        )
