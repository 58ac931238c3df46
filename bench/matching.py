"""Matching benchmark: 50-line RFQs against a synthetic market of 5,000 suppliers and 1M listings.

Run:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench_rfqs .venv/bin/python bench/matching.py --generate
    DATABASE_URL=... .venv/bin/python bench/matching.py [--rfqs 60] [--lines 50]

`--generate` migrates the database and loads the market with COPY when it holds fewer
listings than `--listings` (default 1,000,000); an existing market (e.g. the catalog's
`yd_bench`) is only read. Prints p50/p95 of the matching engine alone and of the whole
GET /api/v1/rfqs/{id}/matches/ request, and SQL queries per RFQ.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402 - after django.setup()
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

BRANDS = ("SKF", "NSK", "NTN", "FAG", "KOYO", "ZWZ", "HRB", "LYC", "C&U")
# Suffixes written the way each maker does, by bearing type; unrecognized combinations are dropped.
SUFFIXES = {
    "deep_groove_ball": {
        "SKF": ["", "-2Z", "-2RSH", "-2RSH/C3", "-2Z/C3", "/C3", "-Z"],
        "NSK": ["", "ZZ", "DDU", "DDUC3", "ZZC3", "DDUCM", "VV"],
        "NTN": ["", "ZZ", "LLU", "LLUC3", "ZZC3", "LLB"],
        "FAG": ["", "-2ZR", "-2RSR", "-2RSR-C3", "-2ZR-C3"],
        "KOYO": ["", "ZZ", "2RS", "2RSC3", "ZZCM"],
        "*": ["", "-2Z", "-2RS", "-2RS/C3", "-2Z/C3", "-Z", "-RS", "/C3", "-2RZ"],
    },
    "*": {"*": ["", "/C3", " C3", "/P6", "K", "K/C3"]},
}
CITIES = ("Linqing", "Jinan", "Wuxi", "Ningbo", "Shanghai", "Wafangdian", "Luoyang", "Harbin")


def log(message: str) -> None:
    print(message, flush=True)


def designation_pool() -> list[tuple[str, str, dict, float]]:
    """(brand, designation, parsed columns, popularity) for every recognized combination."""
    from catalog.models import BearingSize
    from catalog.services.parsing import parsed_attributes

    rng = random.Random(7)
    pool = []
    sizes = list(
        BearingSize.objects.filter(closure="")
        .order_by("bore_mm", "base_designation")
        .values_list("base_designation", "bearing_type")
    )
    for rank, (base, bearing_type) in enumerate(rng.sample(sizes, len(sizes))):
        # Deep groove ball bearings of common sizes dominate the trade; the rest follow a Zipf-like tail.
        popularity = (5.0 if bearing_type == "deep_groove_ball" else 1.0) / (1 + rank) ** 0.6
        by_brand = SUFFIXES.get(bearing_type, SUFFIXES["*"])
        for brand in BRANDS:
            for suffix in by_brand.get(brand, by_brand["*"]):
                columns = parsed_attributes(base + suffix, brand)
                if columns["recognized"]:
                    pool.append((brand, base + suffix, columns, popularity))
    return pool


def _tsv(values: list) -> str:
    return "\t".join("\\N" if v is None else str(v) for v in values) + "\n"


def generate(listings: int, suppliers: int) -> None:
    from catalog.models import Brand, Listing
    from marketplace.organizations.models import Organization

    call_command("migrate", verbosity=0)
    have = Listing.objects.count()
    if have >= listings:
        log(f"market present: {have:,} listings; not generating")
        return
    if have:
        sys.exit(f"database holds {have:,} listings, fewer than {listings:,}: use an empty database")
    rng = random.Random(42)
    brand_ids = dict(Brand.objects.values_list("code", "id"))
    orgs = [
        Organization(
            name=f"Bench supplier {n}",
            kind="supplier",
            status="verified" if n % 50 else "pending",
            credit_code=f"9B{n:016d}",
            city=rng.choice(CITIES),
            score=Decimal(rng.randint(5000, 9500)) / 100,
            standing="good",
        )
        for n in range(suppliers)
    ]
    orgs.append(
        Organization(name="Bench buyer", kind="buyer", status="verified", credit_code="9B" + "9" * 16, city="Jinan")
    )
    Organization.objects.bulk_create(orgs, batch_size=2000)
    supplier_ids = list(Organization.objects.filter(kind="supplier").values_list("pk", flat=True))
    pool = designation_pool()
    weights = [p[3] for p in pool]
    log(f"pool: {len(pool):,} brand/designation combinations; writing {listings:,} listings")
    columns = [
        "id", "supplier_id", "sku", "brand_id", "designation", "recognized", "base_designation", "variant",
        "bearing_type", "seal", "clearance", "precision", "precision_rank", "bore_mm", "outer_diameter_mm",
        "width_mm", "canonical", "search_key", "quantity_on_hand", "quantity_reserved", "moq", "lead_time_days",
        "warehouse_city", "currency", "base_unit_price", "min_unit_price", "is_active", "deleted_at", "created_at",
        "updated_at",
    ]  # fmt: skip
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM catalog_listing")
        next_id = cursor.fetchone()[0] + 1
        chunk = 100_000
        for start in range(0, listings, chunk):
            listing_rows, break_rows = io.StringIO(), io.StringIO()
            picks = rng.choices(pool, weights=weights, k=min(chunk, listings - start))
            for offset, (brand, designation, parsed, _weight) in enumerate(picks):
                listing_id = next_id + start + offset
                roll = rng.random()
                on_hand = rng.randint(10, 5000) if roll < 0.6 else 0
                lead = rng.randint(7, 60) if 0.6 <= roll < 0.85 else rng.choice((0, 0, 3, 7))
                moq = rng.choice((1, 1, 1, 10, 50, 100))
                price = Decimal(rng.randint(300, 90000)) / 100
                breaks = [(1, price)]
                if rng.random() < 0.7:
                    breaks.append((100, (price * Decimal("0.92")).quantize(Decimal("0.01"))))
                if rng.random() < 0.4:
                    breaks.append((1000, (price * Decimal("0.85")).quantize(Decimal("0.01"))))
                values = {
                    **parsed,
                    "id": listing_id,
                    "supplier_id": rng.choice(supplier_ids),
                    "sku": f"B{listing_id}",
                    "brand_id": brand_ids[brand],
                    "designation": designation,
                    "quantity_on_hand": on_hand,
                    "quantity_reserved": 0,
                    "moq": moq,
                    "lead_time_days": lead,
                    "warehouse_city": rng.choice(CITIES),
                    "currency": "CNY",
                    "base_unit_price": price,
                    "min_unit_price": min(p for _q, p in breaks),
                    "is_active": "t" if rng.random() < 0.97 else "f",
                    "deleted_at": None,
                    "created_at": now,
                    "updated_at": now,
                }
                values["recognized"] = "t"
                listing_rows.write(_tsv([values[c] for c in columns]))
                for min_quantity, unit_price in breaks:
                    break_rows.write(_tsv([listing_id, min_quantity, unit_price]))
            listing_rows.seek(0)
            break_rows.seek(0)
            cursor.copy_expert(f"COPY catalog_listing ({', '.join(columns)}) FROM STDIN", listing_rows)
            cursor.copy_expert("COPY catalog_pricebreak (listing_id, min_quantity, unit_price) FROM STDIN", break_rows)
            log(f"  {start + len(picks):,} listings")
        cursor.execute("SELECT setval(pg_get_serial_sequence('catalog_listing', 'id'), MAX(id)) FROM catalog_listing")
        cursor.execute("ANALYZE catalog_listing")
        cursor.execute("ANALYZE catalog_pricebreak")
        cursor.execute("ANALYZE organizations_organization")


def rfq_lines(rng: random.Random, pool: list, count: int) -> list[dict]:
    """A realistic mix: several brands' notations, a few with a brand and no equivalents, some by dimensions."""
    from catalog.models import BearingSize

    sizes = list(
        BearingSize.objects.filter(closure="", outer_diameter_mm__isnull=False, width_mm__isnull=False).values_list(
            "bore_mm", "outer_diameter_mm", "width_mm", "bearing_type"
        )
    )
    weights = [p[3] for p in pool]
    lines = []
    for index in range(count):
        if index % 10 == 9:
            bore, outer, width, bearing_type = rng.choice(sizes)
            line = {"bore_mm": bore, "outer_diameter_mm": outer, "width_mm": width}
            if rng.random() < 0.5:
                line["bearing_type"] = bearing_type
        else:
            brand, designation, _parsed, _w = rng.choices(pool, weights=weights)[0]
            line = {"designation": f"{brand} {designation}" if rng.random() < 0.4 else designation}
            if rng.random() < 0.3:
                line["brand"] = brand
                line["accept_equivalents"] = rng.random() < 0.5
        line["quantity"] = rng.choice((10, 50, 100, 200, 500, 1000))
        lines.append(line)
    return lines


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(rfq_count: int, line_count: int, http_rounds: int = 0) -> None:  # noqa: PLR0915 - one straight-line run
    from rest_framework.test import APIClient

    from catalog.models import Listing
    from marketplace.organizations.models import Organization, User
    from marketplace.rfqs.matching import line_spec, match_lines
    from marketplace.rfqs.matching.engine import SCAN_FACTOR, SCAN_MIN, pruned_matches
    from marketplace.rfqs.models import Rfq, RfqLine
    from marketplace.rfqs.services.lines import rfq_line_build

    buyer = Organization.objects.filter(kind="buyer", status="verified").order_by("pk").first()
    if buyer is None:
        buyer = Organization.objects.create(
            name="Bench buyer", kind="buyer", status="verified", credit_code="9B" + "9" * 16
        )
    user, _created = User.objects.get_or_create(username="bench-buyer", defaults={"organization": buyer})
    client = APIClient()
    client.force_authenticate(user)
    rng = random.Random(2024)
    pool = designation_pool()
    rfqs = []
    for n in range(rfq_count):
        rfq = Rfq.objects.create(buyer=buyer, created_by=user, title=f"bench {n}")
        RfqLine.objects.bulk_create(
            [rfq_line_build(rfq=rfq, position=i + 1, data=d) for i, d in enumerate(rfq_lines(rng, pool, line_count))]
        )
        rfqs.append(rfq)
    engine_ms, request_ms, queries, matched, proven, matchable = [], [], [], [], 0, 0
    from django.conf import settings

    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["matching"] = "1000000/min"
    for rfq in rfqs:  # warm-up: plans, caches, the parser's tables
        match_lines(lines=[line_spec(line) for line in rfq.lines.all()], buyer_id=buyer.pk, limit=10)
    for rfq in rfqs:
        lines = [line_spec(line) for line in RfqLine.objects.filter(rfq=rfq).order_by("position")]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = match_lines(lines=lines, buyer_id=buyer.pk, limit=10)
            engine_ms.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        matched.append(sum(1 for r in result if r.matches))
        chosen = [line for line in lines if line.is_matchable]
        found, _unproven, _caps = pruned_matches(
            chosen, buyer.pk, timezone.localdate(), 10, max(SCAN_MIN, SCAN_FACTOR * 10)
        )
        proven, matchable = proven + len(found) - len(_unproven), matchable + len(chosen)
        started = time.perf_counter()
        response = client.get(f"/api/v1/rfqs/{rfq.pk}/matches/")
        request_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"matches failed: {response.status_code} {response.content[:200]!r}")
    http_ms = http_timings(user, rfqs, http_rounds) if http_rounds else []
    Rfq.objects.filter(pk__in=[r.pk for r in rfqs]).delete()
    suppliers = Organization.objects.filter(kind="supplier").count()
    log(f"market: {Listing.objects.count():,} listings, {suppliers:,} suppliers")
    log(f"host: {platform.processor() or platform.machine()}, Python {platform.python_version()}, {connection.vendor}")
    log(f"RFQs: {rfq_count} × {line_count} lines (every 10th by dimensions), limit 10 per line")
    log(f"lines with at least one match: {statistics.mean(matched):.1f} of {line_count} on average")
    log(f"engine (match_lines):   p50 {percentile(engine_ms, 0.5):7.1f} ms   p95 {percentile(engine_ms, 0.95):7.1f} ms")
    log(
        f"GET matches endpoint:  p50 {percentile(request_ms, 0.5):7.1f} ms   p95 {percentile(request_ms, 0.95):7.1f} ms"
    )
    if http_ms:
        log(
            f"over HTTP (gunicorn 1x1, keep-alive, {http_rounds} rounds): p50 {percentile(http_ms, 0.5):7.1f} ms   "
            f"p95 {percentile(http_ms, 0.95):7.1f} ms   p99 {percentile(http_ms, 0.99):7.1f} ms"
        )
    log(f"SQL queries per RFQ (engine): min {min(queries)}, max {max(queries)}")
    log(f"lines proven by the pruned scan (query A alone): {proven / max(matchable, 1):.1%} of {matchable}")


def http_timings(user: object, rfqs: list, rounds: int) -> list[float]:
    """GET /matches/ from outside: a real gunicorn on loopback, one keep-alive client, after a warm-up pass."""
    from bench.http_timing import http_timings_for

    return http_timings_for(user, [f"/api/v1/rfqs/{rfq.pk}/matches/" for rfq in rfqs], rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generate", action="store_true", help="load the synthetic market if missing")
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--suppliers", type=int, default=5_000)
    parser.add_argument("--rfqs", type=int, default=60)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--http", type=int, default=0, help="also time N rounds of every RFQ through gunicorn")
    args = parser.parse_args()
    if args.generate:
        generate(args.listings, args.suppliers)
    run(args.rfqs, args.lines, args.http)


if __name__ == "__main__":
    main()
