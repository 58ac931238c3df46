"""Generate a realistic synthetic bearing market into the database named by DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench \
        .venv/bin/python bench/market.py --listings 1000000 [--suppliers 5000] [--buyers 500] [--seed 7] [--reset]

Creates the database if missing and migrates it, then adds `--suppliers` supplier organisations
(90 % verified, 5 % pending, 5 % suspended), `--buyers` verified buyers and `--listings` listings
drawn from the BearingSize table across all brands, each written in its brand's own notation
(NSK 6205DDUC3, SKF 6205-2RSH/C3, FAG 6205-2RSR-C3, ZWZ 6205-2RS/C3 …) and parsed by the
designation engine exactly as the API would, with 1-3 price breaks priced by size, type and
brand premium, stock (a third out of stock with a lead time) and warehouse cities. Rows are
loaded with PostgreSQL COPY. `--reset` first deletes every bench organisation ("Bench …") and
its listings. Other benches import `generate_rows()` / `ensure_database()` from here.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yd_bench"

CITIES = ("临清", "Linqing", "Shanghai", "Wuxi", "Ningbo", "Guangzhou", "Shenzhen", "Tianjin", "Luoyang", "Harbin")
# (brand, weight, price factor)
BRAND_MIX = (
    ("SKF", 12, Decimal("3.2")),
    ("FAG", 8, Decimal("3.0")),
    ("NSK", 10, Decimal("2.8")),
    ("NTN", 8, Decimal("2.5")),
    ("KOYO", 6, Decimal("2.4")),
    ("TIMKEN", 3, Decimal("3.0")),
    ("NACHI", 4, Decimal("2.2")),
    ("ZWZ", 14, Decimal("1.1")),
    ("HRB", 12, Decimal("1.0")),
    ("LYC", 10, Decimal("1.0")),
    ("C&U", 10, Decimal("0.9")),
    ("IKO", 1, Decimal("2.6")),
    ("ZKL", 1, Decimal("1.4")),
    ("NKE", 1, Decimal("1.6")),
)
TYPE_FACTOR = {
    "deep_groove_ball": 1.0,
    "angular_contact_ball": 1.8,
    "self_aligning_ball": 1.4,
    "cylindrical_roller": 2.0,
    "spherical_roller": 3.2,
    "tapered_roller": 1.6,
    "thrust_ball": 1.1,
    "thrust_roller": 2.4,
    "needle_roller": 1.3,
    "insert_unit": 1.5,
    "other": 1.5,
}
# Ball-bearing seal notation per brand: (open, Z, 2Z, RS, 2RS), then how a clearance is joined.
SEALS = {
    "SKF": ("", "-Z", "-2Z", "-RSH", "-2RSH"),
    "FAG": ("", "-ZR", "-2ZR", "-RSR", "-2RSR"),
    "NSK": ("", "Z", "ZZ", "DU", "DDU"),
    "NTN": ("", "Z", "ZZ", "LU", "LLU"),
    "KOYO": ("", "Z", "ZZ", "-RS", "-2RS"),
    "NACHI": ("", "Z", "ZZE", "-NSE", "-2NSE"),
}
CHINESE_SEALS = ("", "-Z", "-2Z", "-RS", "-2RS")
CLEARANCE_JOIN = {"SKF": "/", "FAG": "-", "NSK": "", "NTN": "", "KOYO": "", "NACHI": " ", "TIMKEN": " "}


@dataclass(frozen=True)
class Size:
    base: str
    bearing_type: str
    outer_diameter: float


def ensure_database(url: str) -> None:
    """Create the database if missing and apply migrations."""
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1].split("?", maxsplit=1)[0]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


NOISE = ("进口 现货", "ORIGINAL JAPAN", "特价", "OEM-SPECIAL", "拆机件")


def designation_for(brand: str, size: Size, rng: random.Random) -> str:
    """The designation as this brand's catalogue writes it (about 2 % free text the parser rejects)."""
    if rng.random() < 0.02:
        return f"{size.base}-{rng.randint(100, 999)} {rng.choice(NOISE)}"
    clearance = rng.choices(("", "C3", "C4", "C2"), weights=(60, 32, 5, 3))[0]
    if size.bearing_type == "deep_groove_ball":
        seal = rng.choices(range(5), weights=(30, 5, 30, 5, 30))[0]
        suffix = SEALS.get(brand, CHINESE_SEALS)[seal]
        text = size.base + suffix
        if clearance:
            join = CLEARANCE_JOIN.get(brand, "/")
            if brand in {"NSK", "NTN", "KOYO"} and suffix.startswith("-"):
                join = ""
            text += join + clearance
        return text
    if size.bearing_type == "spherical_roller":
        tapered = rng.random() < 0.3
        return {
            "SKF": f"{size.base} E{'K' if tapered else ''}{'/' + clearance if clearance else ''}",
            "NSK": f"{size.base}EA{'K' if tapered else ''}E4{clearance}",
            "NTN": f"{size.base}EA{'K' if tapered else ''}D1{clearance}",
            "FAG": f"{size.base}-E1{'-K' if tapered else ''}{'-' + clearance if clearance else ''}",
        }.get(brand, f"{size.base}{'K' if tapered else ''}{'/' + clearance if clearance else ''}")
    if size.bearing_type == "cylindrical_roller":
        return {"SKF": f"{size.base} ECP", "NSK": f"{size.base}ET", "FAG": f"{size.base}-E-TVP2"}.get(
            brand, f"{size.base}E"
        )
    return size.base


def price_for(size: Size, factor: Decimal, rng: random.Random) -> Decimal:
    base = 0.6 + 0.0035 * size.outer_diameter**1.75 * TYPE_FACTOR.get(size.bearing_type, 1.5)
    value = Decimal(str(round(base * rng.uniform(0.8, 1.25), 2))) * factor
    return max(value.quantize(Decimal("0.01")), Decimal("0.10"))


def load_sizes() -> list[Size]:
    from catalog.models import BearingSize

    return [
        Size(row.base_designation, row.bearing_type, float(row.outer_diameter_mm))
        for row in BearingSize.objects.filter(closure="", outer_diameter_mm__isnull=False).order_by("base_designation")
    ]


def generate_rows(count: int, rng: random.Random, sizes: list[Size]) -> Iterator[dict[str, Any]]:
    """Listing rows as a supplier would send them (brand code, designation, stock, prices)."""
    brands = [b for b, _w, _f in BRAND_MIX]
    weights = [w for _b, w, _f in BRAND_MIX]
    factors = {b: f for b, _w, f in BRAND_MIX}
    # Small and mid-size bearings dominate the trade; weight sizes by 1/D.
    size_weights = list(accumulate(1.0 / max(s.outer_diameter, 10.0) for s in sizes))
    brand_weights = list(accumulate(weights))
    for _ in range(count):
        brand = rng.choices(brands, cum_weights=brand_weights)[0]
        size = rng.choices(sizes, cum_weights=size_weights)[0]
        price = price_for(size, factors[brand], rng)
        in_stock = rng.random() > 0.33
        breaks = [(1, price)]
        if rng.random() < 0.6:
            breaks.append((rng.choice((10, 20, 50)), (price * Decimal("0.95")).quantize(Decimal("0.01"))))
        if rng.random() < 0.3:
            breaks.append((rng.choice((100, 200, 500)), (price * Decimal("0.88")).quantize(Decimal("0.01"))))
        yield {
            "brand": brand,
            "designation": designation_for(brand, size, rng),
            "quantity_available": int(rng.lognormvariate(3.5, 1.4)) + 1 if in_stock else 0,
            "moq": 1,
            "lead_time_days": 0 if in_stock else rng.choice((7, 10, 15, 20, 30, 45)),
            "warehouse_city": rng.choice(CITIES),
            "price_breaks": breaks,
        }


def _copy(cursor: Any, table: str, columns: tuple[str, ...], buffer: io.StringIO) -> None:
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _text(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def create_organizations(cursor: Any, suppliers: int, buyers: int, rng: random.Random) -> tuple[list[int], list[int]]:
    from marketplace.organizations.credit_code import check_character

    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM organizations_organization")
    start = cursor.fetchone()[0] + 1
    buffer = io.StringIO()
    ids: dict[str, list[int]] = {"supplier": [], "buyer": []}
    for n in range(suppliers + buyers):
        org_id = start + n
        kind = "supplier" if n < suppliers else "buyer"
        status = rng.choices(("verified", "pending", "suspended"), (90, 5, 5))[0] if kind == "supplier" else "verified"
        body = f"9237{org_id:013d}"[-17:]
        code = body + check_character(body)
        row = (org_id, f"Bench {kind} {org_id}", kind, status, code, rng.choice(CITIES), "70.00", "new", "now")
        buffer.write("\t".join(_text(v) for v in row) + "\n")
        ids[kind].append(org_id)
    _copy(
        cursor,
        "organizations_organization",
        ("id", "name", "kind", "status", "credit_code", "city", "score", "standing", "created_at"),
        buffer,
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('organizations_organization', 'id'), "
        "(SELECT MAX(id) FROM organizations_organization))"
    )
    return ids["supplier"], ids["buyer"]


LISTING_COLUMNS = (
    "id",
    "supplier_id",
    "sku",
    "brand_id",
    "designation",
    "recognized",
    "base_designation",
    "variant",
    "bearing_type",
    "seal",
    "clearance",
    "precision",
    "precision_rank",
    "bore_mm",
    "outer_diameter_mm",
    "width_mm",
    "canonical",
    "search_key",
    "quantity_on_hand",
    "quantity_reserved",
    "moq",
    "lead_time_days",
    "warehouse_city",
    "currency",
    "base_unit_price",
    "min_unit_price",
    "is_active",
    "created_at",
    "updated_at",
    "stock_confirmed_at",
)


def create_listings(cursor: Any, count: int, supplier_ids: list[int], rng: random.Random, batch: int = 100_000) -> int:
    from catalog.models import Brand
    from catalog.services.parsing import parsed_attributes

    brand_ids = dict(Brand.objects.values_list("code", "id"))
    sizes = load_sizes()
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM catalog_listing")
    next_id = cursor.fetchone()[0] + 1
    recognized = 0
    rows = generate_rows(count, rng, sizes)
    done = 0
    while done < count:
        listings, breaks = io.StringIO(), io.StringIO()
        for row in (next(rows) for _ in range(min(batch, count - done))):
            attrs = parsed_attributes(row["designation"], row["brand"])
            recognized += attrs["recognized"]
            values = (
                next_id,
                rng.choice(supplier_ids),
                f"M{next_id}",
                brand_ids[row["brand"]],
                row["designation"],
                *(attrs[name] for name in LISTING_COLUMNS[5:18]),
                row["quantity_available"],
                0,
                row["moq"],
                row["lead_time_days"],
                row["warehouse_city"],
                "CNY",
                row["price_breaks"][0][1],
                min(price for _quantity, price in row["price_breaks"]),
                True,
                "now",
                "now",
                "now",
            )
            listings.write("\t".join(_text(v) for v in values) + "\n")
            for min_quantity, unit_price in row["price_breaks"]:
                breaks.write(f"{next_id}\t{min_quantity}\t{unit_price}\n")
            next_id += 1
            done += 1
        _copy(cursor, "catalog_listing", LISTING_COLUMNS, listings)
        _copy(cursor, "catalog_pricebreak", ("listing_id", "min_quantity", "unit_price"), breaks)
        print(f"  {done:,} listings", flush=True)
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('catalog_listing', 'id'), (SELECT MAX(id) FROM catalog_listing))"
    )
    return recognized


def reset(cursor: Any) -> None:
    cursor.execute(
        "CREATE TEMP TABLE bench_orgs AS SELECT id FROM organizations_organization WHERE name LIKE 'Bench %'"
    )
    cursor.execute(
        "DELETE FROM catalog_pricebreak WHERE listing_id IN "
        "(SELECT id FROM catalog_listing WHERE supplier_id IN (SELECT id FROM bench_orgs))"
    )
    for table in ("catalog_listingimport", "catalog_listing"):
        cursor.execute(f"DELETE FROM {table} WHERE supplier_id IN (SELECT id FROM bench_orgs)")
    cursor.execute("DELETE FROM organizations_user WHERE organization_id IN (SELECT id FROM bench_orgs)")
    cursor.execute("DELETE FROM organizations_organization WHERE id IN (SELECT id FROM bench_orgs)")
    cursor.execute("DROP TABLE bench_orgs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--buyers", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reset", action="store_true", help="delete earlier bench organisations first")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    ensure_database(os.environ["DATABASE_URL"])
    from django.db import connection, transaction

    rng = random.Random(args.seed)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        if args.reset:
            reset(cursor)
        suppliers, buyers = create_organizations(cursor, args.suppliers, args.buyers, rng)
        print(f"{len(suppliers):,} suppliers, {len(buyers):,} buyers")
        recognized = create_listings(cursor, args.listings, suppliers, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_listing")
        cursor.execute("ANALYZE catalog_pricebreak")
        cursor.execute("ANALYZE organizations_organization")
        cursor.execute("SELECT COUNT(*) FROM catalog_listing")
        total = cursor.fetchone()[0]
    elapsed = time.perf_counter() - started
    print(
        f"generated {args.listings:,} listings ({recognized / max(args.listings, 1):.1%} recognized) "
        f"in {elapsed:.1f} s; catalog_listing now holds {total:,} rows"
    )


if __name__ == "__main__":
    main()
