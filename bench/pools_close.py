"""Closing a pool: how long the one locked transaction takes for N buyers, and commit throughput.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench_pools .venv/bin/python bench/pools_close.py \
        [--buyers 1000] [--threads 8] [--commits 800]

Migrates the database given by DATABASE_URL (a scratch one: the script adds organisations and
pools to it), then:
1. commits: `--threads` threads post `--commits` commitments of distinct buyers to one open
   pool through the service, each under the pool's row lock (they queue on purpose);
2. closing: a pool with `--buyers` commitments, a third of them priced out by a cascade, is
   closed by `pool_close` (settling rule, one order per remaining buyer, outbox events), in
   one transaction: the time that must stay well under the 30 s the contract allows.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yd_bench_pools")


def setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def organisations(kind: str, count: int, tag: str) -> list:
    from marketplace.organizations.models import Organization

    return Organization.objects.bulk_create(
        [
            Organization(
                name=f"bench {tag} {kind} {i}", kind=kind, status="verified", credit_code=f"B{tag}{kind[0]}{i}"
            )
            for i in range(count)
        ]
    )


def a_pool(owner: object, closes_at: object) -> object:
    from catalog.models import Brand
    from marketplace.pools.models import Pool, PoolTier

    pool = Pool.objects.create(
        owner=owner,
        title="bench pool",
        kind="bearing",
        brand=Brand.objects.get(code="SKF"),
        designation="6205-2RS",
        unit="piece",
        min_commitment=1,
        closes_at=closes_at,
        delivery_city="Linqing",
        lead_time_days=7,
    )
    PoolTier.objects.bulk_create(
        [
            PoolTier(pool=pool, position=i + 1, min_total_quantity=q, unit_price=Decimal(p))
            for i, (q, p) in enumerate(((100, "10.00"), (10_000, "9.00"), (50_000, "8.00")))
        ]
    )
    return pool


def bench_commits(threads: int, commits: int, tag: str) -> None:
    from django.db import connection
    from django.utils import timezone

    from marketplace.pools.services import pool_commit

    owner = organisations("supplier", 1, tag + "c")[0]
    pool = a_pool(owner, timezone.now() + timedelta(hours=1))
    buyers = organisations("buyer", commits, tag + "c")
    chunks = [buyers[i::threads] for i in range(threads)]

    def work(chunk: list) -> None:
        for buyer in chunk:
            pool_commit(pool=pool, buyer=buyer, actor=None, quantity=10)
        connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    pool.refresh_from_db()
    if pool.total_committed != commits * 10:
        raise SystemExit(f"total {pool.total_committed} != {commits * 10}")
    print(f"commits: {commits} buyers, {threads} threads, one pool: {elapsed:.2f} s, {commits / elapsed:.0f}/s")


def bench_close(buyers_count: int, tag: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from marketplace.pools.models import Commitment, Pool
    from marketplace.pools.services import pool_close
    from orders.models import Order

    owner = organisations("supplier", 1, tag + "x")[0]
    pool = a_pool(owner, timezone.now() + timedelta(hours=1))
    buyers = organisations("buyer", buyers_count, tag + "x")
    # Every third buyer caps at 7.90: out at the top tier (8.00), which leaves 2/3 of the total: 9.00, stable.
    Commitment.objects.bulk_create(
        [
            Commitment(pool=pool, buyer=b, quantity=60, max_unit_price=Decimal("7.90") if i % 3 == 0 else None)
            for i, b in enumerate(buyers)
        ]
    )
    Pool.objects.filter(pk=pool.pk).update(closes_at=timezone.now(), total_committed=60 * buyers_count)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        closed = pool_close(pool_id=pool.pk)
    elapsed = time.perf_counter() - started
    orders = Order.objects.filter(pool_id=pool.pk).count()
    print(
        f"close: {buyers_count} buyers, {orders} orders at {closed.final_unit_price} "
        f"({buyers_count - orders} priced out): {elapsed:.2f} s, {orders / elapsed:.0f} orders/s, "
        f"{len(queries) / max(orders, 1):.1f} queries per order"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--commits", type=int, default=800)
    args = parser.parse_args()
    setup()
    tag = str(int(time.time()))
    print(f"load average {os.getloadavg()[0]:.2f}")
    bench_commits(args.threads, args.commits, tag)
    bench_close(args.buyers, tag)


if __name__ == "__main__":
    main()
