"""Spreadsheet import throughput (rows/s) against PostgreSQL COPY of the same rows as the ceiling.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench .venv/bin/python bench/catalog_import.py [--rows 100000]

Writes a CSV of `--rows` realistic listings (bench/market.py's generator), then, in one run:
1. imports it for a fresh supplier through the real import path (file checks, streaming CSV
   reader, validation, designation parsing, upsert in chunks of 5000 through COPY into a staging
   table and one INSERT … ON CONFLICT, price-break replacement, progress saves):
   every row is a create;
2. imports the same file again: every row is an update (stock and prices rewritten);
3. COPYs the same CSV into an unindexed temporary table, the floor PostgreSQL itself needs to
   take the bytes (no parsing, validation, indexes or price breaks): the ceiling.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yd_bench")

HEADER = ["sku", "brand", "designation", "quantity_available", "unit_price", "moq", "lead_time_days", "warehouse_city"]


def write_csv(path: Path, rows: int, seed: int) -> None:
    from market import generate_rows, load_sizes

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n, row in enumerate(generate_rows(rows, rng, load_sizes())):
            writer.writerow(
                [
                    f"IMP-{n:07d}",
                    row["brand"],
                    row["designation"],
                    row["quantity_available"],
                    row["price_breaks"][0][1],
                    row["moq"],
                    row["lead_time_days"],
                    row["warehouse_city"],
                ]
            )


def run_import(path: Path, supplier: object) -> tuple[float, object]:
    from django.core.files import File

    from catalog.services import listing_import_create, listing_import_process

    started = time.perf_counter()
    with path.open("rb") as fh:
        listing_import = listing_import_create(
            supplier=supplier, user=None, upload=File(fh, name=path.name), enqueue=False
        )
    result = listing_import_process(import_id=listing_import.pk)
    return time.perf_counter() - started, result


def copy_ceiling(path: Path) -> float:
    from django.db import connection, transaction

    columns = ", ".join(f"{name} text" for name in HEADER)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE import_ceiling ({columns}) ON COMMIT DROP")
        with path.open("r", encoding="utf-8") as fh:
            cursor.cursor.copy_expert("COPY import_ceiling FROM STDIN WITH (FORMAT csv, HEADER true)", fh)
    return time.perf_counter() - started


def bench_supplier() -> object:
    """A fresh verified supplier named "Bench …" (bench/market.py --reset removes it)."""
    from marketplace.organizations.credit_code import check_character
    from marketplace.organizations.models import Organization

    body = f"9244{time.time_ns() % 10**13:013d}"
    return Organization.objects.create(
        name=f"Bench import supplier {body}",
        kind="supplier",
        status="verified",
        credit_code=body + check_character(body),
        city="Linqing",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()

    from market import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    from catalog.models import Listing

    supplier = bench_supplier()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "listings.csv"
        write_csv(path, args.rows, args.seed)
        size_mb = path.stat().st_size / 1e6
        first, created = run_import(path, supplier)
        second, updated = run_import(path, supplier)
        ceiling = copy_ceiling(path)
    total = Listing.objects.count()
    print(f"file: {args.rows:,} data rows, {size_mb:.1f} MB CSV; catalog_listing holds {total:,} rows after the run")
    print(
        f"import (all creates): {first:7.2f} s  {args.rows / first:9,.0f} rows/s  -> {created.status}, "
        f"created {created.created:,}, errors {created.error_count}"
    )
    print(
        f"import (all updates): {second:7.2f} s  {args.rows / second:9,.0f} rows/s  -> {updated.status}, "
        f"updated {updated.updated:,}, errors {updated.error_count}"
    )
    print(f"COPY ceiling        : {ceiling:7.2f} s  {args.rows / ceiling:9,.0f} rows/s")
    print("load average (1/5/15 min): " + " / ".join(f"{value:.1f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
