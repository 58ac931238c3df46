"""Price-index benchmark: a full recompute from settled trade lines, and one series through HTTP.

Run:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench_index .venv/bin/python bench/price_index.py \
        --bearings 1000 --days 365 --trades 14 [--http 200]

Migrates the database and, when it holds fewer trade lines than asked, writes them with set-based SQL
(orders, one line each, settlements spread over the days in China time: `--bearings` × `--days` ×
`--trades` lines, about 5 M with the defaults above; 40 suppliers, both tiers). Then times
`price_index_recompute` over the whole range (the nightly job's path, run for every day) and GETs
`/api/v1/price-index/?designation=…&days=90` for random bearings through a real gunicorn on loopback
(one keep-alive client, after a warm-up), printing p50/p95.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402 - after django.setup()
from django.db import connection  # noqa: E402

from bench.award_plan import percentile  # noqa: E402
from bench.http_timing import http_timings_for  # noqa: E402
from catalog.designations import DIMENSION_ROWS  # noqa: E402
from marketplace.insights.prices.services import price_index_recompute  # noqa: E402
from marketplace.insights.prices.trades import china_today  # noqa: E402
from marketplace.organizations.models import Organization, User  # noqa: E402

BRANDS = ("SKF", "NSK", "ZWZ", "HRB", "LYC", "C&U")  # three of each tier


def canonicals(count: int) -> list[str]:
    rows = [row.base_designation for row in DIMENSION_ROWS if row.bearing_type == "deep_groove_ball"]
    found = []
    for base in rows:
        for suffix in ("", "-2RS", "-2Z", " C3", "-2RS C3"):
            found.append(base + suffix)
    return sorted(set(found))[:count]


def organisations(kind: str, count: int) -> list[int]:
    found = list(Organization.objects.filter(name__startswith=f"bench-{kind}-").values_list("pk", flat=True))
    for n in range(len(found), count):
        org = Organization.objects.create(
            name=f"bench-{kind}-{n}",
            kind=kind,
            status="verified",
            credit_code=f"BENCH{kind[0]}{n:012d}",
            city="Linqing",
        )
        found.append(org.pk)
    return found


def generate(bearings: int, days: int, trades: int) -> None:
    call_command("migrate", verbosity=0)
    wanted = bearings * days * trades
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM orders_orderline WHERE canonical <> ''")
        have = cursor.fetchone()[0]
    if have >= wanted:
        print(f"market: {have:,} trade lines already there")
        return
    suppliers, buyers = organisations("supplier", 40), organisations("buyer", 20)
    names = canonicals(bearings)
    first = china_today() - timedelta(days=days)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_names (n int, canonical text)")
        cursor.executemany("INSERT INTO bench_names VALUES (%s, %s)", list(enumerate(names)))
        # One order per trade: bearing b, day d, trade t; price around a per-bearing level with noise and drift.
        cursor.execute(
            """
            CREATE TEMP TABLE bench_trades AS
            SELECT g AS k, (g / %(per_bearing)s) AS b, ((g / %(trades)s) %% %(days)s) AS d,
                   (%(suppliers)s::bigint[])[1 + (hashint4(g) & 2147483647) %% 40] AS supplier,
                   (%(buyers)s::bigint[])[1 + (hashint4(g + 7) & 2147483647) %% 20] AS buyer,
                   (%(brands)s::text[])[1 + (hashint4(g + 3) & 2147483647) %% 6] AS brand,
                   (10 + (g / %(per_bearing)s) %% 200)::numeric * (0.9 + ((hashint4(g + 11) & 1023) / 5120.0))
                     * (1 + ((g / %(trades)s) %% %(days)s) / 3650.0) AS price,
                   1 + (hashint4(g + 5) & 2147483647) %% 200 AS quantity
            FROM generate_series(0, %(wanted)s - 1) AS g
            """,
            {"per_bearing": days * trades, "trades": trades, "days": days, "suppliers": suppliers, "buyers": buyers,
             "brands": list(BRANDS), "wanted": wanted},
        )  # fmt: skip
        cursor.execute("UPDATE bench_trades SET price = round(price, 2)")
        cursor.execute(
            """
            INSERT INTO orders_order (number, buyer_id, supplier_id, status, delivery_city, total, currency,
                                      tracking_number, created_at, updated_at, delivered_at)
            SELECT 'YD-BENCH-' || k, buyer, supplier, 'settled', 'Linqing', round(price * quantity, 2), 'CNY', '',
                   %(first)s::timestamptz + (d || ' days')::interval, now(),
                   %(first)s::timestamptz + (d || ' days')::interval
            FROM bench_trades
            """,
            {"first": f"{first} 10:00+08"},
        )
        cursor.execute(
            """
            INSERT INTO orders_orderline (order_id, listing_id, brand, designation, description, canonical, quantity,
                                          unit_price, line_total, quantity_reserved)
            SELECT o.id, NULL, t.brand, n.canonical, '', n.canonical, t.quantity, t.price, o.total, 0
            FROM bench_trades t JOIN orders_order o ON o.number = 'YD-BENCH-' || t.k JOIN bench_names n ON n.n = t.b
            """
        )
        cursor.execute(
            """
            INSERT INTO settlement_settlement (order_id, gross_amount, commission_rate, commission_amount, vat_amount,
                payout_amount, settled_at, payout_status, release_at, released_at, released_amount, refunded_amount,
                refunded_commission, refunded_vat)
            SELECT o.id, o.total, 0.015, round(o.total * 0.015, 2), round(o.total * 13 / 113, 2),
                   o.total - round(o.total * 0.015, 2), o.delivered_at + interval '2 hours', 'released',
                   o.delivered_at + interval '7 days', o.delivered_at + interval '7 days',
                   o.total - round(o.total * 0.015, 2), 0, 0, 0
            FROM orders_order o WHERE o.number LIKE 'YD-BENCH-%%'
            """
        )
        cursor.execute("ANALYZE orders_order; ANALYZE orders_orderline; ANALYZE settlement_settlement")
    print(f"market: {wanted:,} trade lines of {len(names)} bearings written in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bearings", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--trades", type=int, default=14, help="trades per bearing and day")
    parser.add_argument("--http", type=int, default=200, help="series requests through gunicorn")
    args = parser.parse_args()
    generate(args.bearings, args.days, args.trades)
    today = china_today()
    started = time.perf_counter()
    rows = price_index_recompute(first=today - timedelta(days=args.days), last=today - timedelta(days=1))
    recompute = time.perf_counter() - started
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"full recompute over {args.days} days: {rows:,} day rows in {recompute:.1f} s")
    if args.http:
        rng = random.Random(7)
        names = canonicals(args.bearings)
        buyer = Organization.objects.get(name="bench-buyer-0")
        user = User.objects.get_or_create(username="bench-index", defaults={"organization": buyer})[0]
        paths = [f"/api/v1/price-index/?designation={rng.choice(names)}&days=90" for _ in range(args.http)]
        timings = http_timings_for(user, paths)
        print(
            f"one series over HTTP (90 days, gunicorn 1x1, keep-alive, {len(timings)} requests): "
            f"p50 {percentile(timings, 0.5):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms"
        )


if __name__ == "__main__":
    main()
