"""Spreadsheet import throughput (rows/s) against PostgreSQL COPY of the same rows as the ceiling.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench .venv/bin/python bench/catalog_import.py [--rows 100000]

Writes a CSV of `--rows` realistic listings (bench/market.py's generator), then, in one run:
1. imports it for a fresh supplier through the real import path (file checks, streaming CSV
   reader, validation, designation parsing, upsert in chunks of 5000 through COPY into a staging
   table and one INSERT … ON CONFLICT, price-break replacement, progress saves):
   every row is a create;
2. imports the same file again: every row is an update (stock and prices rewritten);
   then the same rows with every stock figure changed (a day's re-import); for each pass the
   WAL written per row and how many listing updates were HOT (load-independent costs);
3. COPYs the same CSV into an unindexed temporary table, the floor PostgreSQL itself needs to
   take the bytes (no parsing, validation, indexes or price breaks): the ceiling.
"""

from __future__ import annotations

import argparse
import csv
import itertools
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


def write_restocked(source: Path, target: Path) -> None:
    """The same rows with every stock figure changed, as a supplier's next day's file."""
    with source.open(encoding="utf-8", newline="") as fin, target.open("w", encoding="utf-8", newline="") as fout:
        reader, writer = csv.reader(fin), csv.writer(fout)
        writer.writerow(next(reader))
        for row in reader:
            row[3] = str(int(row[3] or 0) + 1)
            writer.writerow(row)


def write_counters() -> tuple[int, int, int]:
    """(WAL position in bytes, listing rows updated, of which HOT) — load-independent costs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn, n_tup_upd, n_tup_hot_upd "
            "FROM pg_stat_user_tables WHERE relname = 'catalog_listing'"
        )
        wal, updated, hot = cursor.fetchone()
    return int(wal), updated, hot


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
        restocked = Path(tmp) / "restocked.csv"
        write_restocked(path, restocked)
        counters = [write_counters()]
        first, created = run_import(path, supplier)
        counters.append(write_counters())
        second, updated = run_import(path, supplier)
        counters.append(write_counters())
        third, restock = run_import(restocked, supplier)
        counters.append(write_counters())
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
    print(
        f"import (stock moved): {third:7.2f} s  {args.rows / third:9,.0f} rows/s  -> {restock.status}, "
        f"updated {restock.updated:,}, errors {restock.error_count}"
    )
    print(f"COPY ceiling        : {ceiling:7.2f} s  {args.rows / ceiling:9,.0f} rows/s")
    for name, (before, after) in zip(
        ("creates", "same file", "stock moved"), itertools.pairwise(counters), strict=True
    ):
        wal, upd, hot = (after[i] - before[i] for i in range(3))
        print(f"  {name:<12} WAL {wal / args.rows:7,.0f} bytes/row; listing updates {upd:,}, HOT {hot:,}")
    print("load average (1/5/15 min): " + " / ".join(f"{value:.1f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
