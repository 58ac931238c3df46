"""Settlement throughput with real Celery workers: N delivered orders settled exactly once.

Creates a fresh database (default yd_bench_workers) with N delivered orders, starts W
worker processes (prefork, C children each) on a dedicated Redis database, queues the
settlements and waits until every order is settled. Prints settlements/s and checks that
each order has exactly one settlement and one balanced ledger transaction.

    .venv/bin/python bench/settlement.py --orders 10000 --workers 2 --concurrency 2 --mode batch
    --mode single: one order_settle task per order (what a delivery enqueues)
    --mode batch: orders_settle tasks of --batch ids each (what the settlement sweep enqueues)
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(ROOT / ".venv" / "bin" / "celery")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2, help="prefork children per worker")
    parser.add_argument("--mode", choices=["single", "batch"], default="batch")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--database", default="yd_bench_workers")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--timeout", type=float, default=600.0)
    return parser.parse_args()


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "REDIS_URL": args.redis,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def fresh_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    conn = psycopg2.connect(f"{args.pg}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{args.database}"')
    conn.close()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def django_setup(env: dict[str, str]) -> None:
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND", "DJANGO_LOG_LEVEL")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def start_workers(
    args: argparse.Namespace, env: dict[str, str], logdir: Path, queues: str = "celery"
) -> list[subprocess.Popen]:
    """Start the workers on the given queues (settlement runs on "celery", the outbox on "notifications")."""
    import redis

    redis.Redis.from_url(args.redis).flushdb()
    processes = []
    for index in range(args.workers):
        log = (logdir / f"bench-worker-{index}.log").open("wb")
        processes.append(
            subprocess.Popen(  # noqa: S603 - fixed argv
                [
                    CELERY,
                    "-A",
                    "marketplace",
                    "worker",
                    "--pool=prefork",
                    "-c",
                    str(args.concurrency),
                    "-Q",
                    queues,
                    "-n",
                    f"bench{index}@%h",
                    "-l",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    time.sleep(4)  # let the pool children import Django before the clock starts
    return processes


def stop_workers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def seed_orders(count: int) -> list[int]:
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from marketplace.organizations.models import Organization
    from orders.models import Order

    suppliers = [
        Organization.objects.create(
            name=f"Bench supplier {i}", kind="supplier", status="verified", credit_code=f"BS{i:016d}", city="Linqing"
        )
        for i in range(20)
    ]
    buyers = [
        Organization.objects.create(
            name=f"Bench buyer {i}", kind="buyer", status="verified", credit_code=f"BB{i:016d}", city="Jinan"
        )
        for i in range(20)
    ]
    delivered = timezone.now() - timedelta(minutes=5)
    orders = Order.objects.bulk_create(
        [
            Order(
                number=f"YD-BENCH-{n:07d}",
                buyer=buyers[n % 20],
                supplier=suppliers[(n // 20) % 20],
                status="delivered",
                total=Decimal(1000 + (n * 37) % 100000) / 100,
                delivered_at=delivered,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    return [order.pk for order in orders]


def main() -> None:
    args = parse_args()
    env = bench_env(args)
    fresh_database(args, env)
    django_setup(env)
    from django.db import connection
    from django.db.models import Count, Sum

    from orders.settlement.models import LedgerEntry, Settlement
    from orders.settlement.tasks import order_settle, orders_settle

    order_ids = seed_orders(args.orders)
    processes = start_workers(args, env, Path(tempfile.gettempdir()))
    try:
        started = time.perf_counter()
        if args.mode == "single":
            for order_id in order_ids:
                order_settle.delay(order_id)
        else:
            for start in range(0, len(order_ids), args.batch):
                orders_settle.delay(order_ids[start : start + args.batch])
        queued = time.perf_counter() - started
        settled = 0
        marks: dict[int, float] = {}
        while settled < args.orders and time.perf_counter() - started < args.timeout:
            time.sleep(0.25)
            settled = Settlement.objects.count()
            for share in (50, 90, 99):
                if settled * 100 >= args.orders * share and share not in marks:
                    marks[share] = time.perf_counter() - started
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(processes)

    per_order = Settlement.objects.values("order_id").annotate(n=Count("id")).filter(n__gt=1).count()
    totals = LedgerEntry.objects.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM orders_order WHERE status = 'settled'")
        orders_settled = cursor.fetchone()[0]
    print(
        f"orders={args.orders} workers={args.workers}x{args.concurrency} mode={args.mode}"
        f"{f' batch={args.batch}' if args.mode == 'batch' else ''}"
    )
    print(f"queued in {queued:.2f}s; settled {settled} in {elapsed:.2f}s = {settled / elapsed:.0f} settlements/s")
    for share, at in marks.items():
        print(f"  {share}% settled after {at:.2f}s = {args.orders * share / 100 / at:.0f} settlements/s")
    print(f"orders in status settled: {orders_settled}; orders with >1 settlement: {per_order}")
    print(f"ledger debits {totals['debit']} = credits {totals['credit']}: {totals['debit'] == totals['credit']}")


if __name__ == "__main__":
    main()
