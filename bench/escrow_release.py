"""Escrow release sweep throughput: N held payouts past release_at released exactly once, in-process.

Creates a fresh database (default yd_bench_escrow), settles N delivered orders through the
batch settlement path, moves their release_at into the past, a tenth of them with an open
claim, then times `payouts_release_due` (the beat sweep's service) until nothing is due.
Prints payouts released per second and checks each released payout has exactly one release
transaction, that the claimed ones are still held, and that the ledger balances.

    .venv/bin/python bench/escrow_release.py --orders 2000
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from settlement import bench_env, django_setup, fresh_database, seed_orders


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--database", default="yd_bench_escrow")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--redis",
        default="",
        help="broker for the outbox's dispatch tasks (flushed first); empty = dispatch in-process, as embedded",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    env = bench_env(args)
    fresh_database(args, env)
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    django_setup(env)
    from datetime import timedelta
    from decimal import Decimal

    from django.db.models import Count, Sum
    from django.utils import timezone

    from orders.claims.models import Claim
    from orders.settlement.escrow import payouts_release_due
    from orders.settlement.models import LedgerEntry, LedgerTransaction, Settlement
    from orders.settlement.services import orders_settle_batch

    order_ids = seed_orders(args.orders)
    for start in range(0, len(order_ids), 500):
        orders_settle_batch(order_ids=order_ids[start : start + 500])
    Settlement.objects.update(release_at=timezone.now() - timedelta(seconds=1))
    claimed = order_ids[::10]
    Claim.objects.bulk_create(
        [
            Claim(order_id=order_id, kind="quality", requested_amount=Decimal("1.00"), respond_by=timezone.now())
            for order_id in claimed
        ]
    )

    started = time.perf_counter()
    released = 0
    while batch := payouts_release_due(limit=500):
        released += len(batch)
    elapsed = time.perf_counter() - started

    releases = LedgerTransaction.objects.filter(memo__startswith="Payout release")
    per_settlement = releases.values("settlement").annotate(n=Count("pk")).filter(n__gt=1).count()
    totals = LedgerEntry.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    held_with_claim = Settlement.objects.filter(order_id__in=claimed, payout_status="held").count()
    mode = "queued to the broker" if args.redis else "dispatched in-process"
    print(f"settled orders: {len(order_ids)}, with an open claim: {len(claimed)}; outbox events {mode}")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(f"released: {released} in {elapsed:.2f} s = {released / elapsed:.0f} payouts/s")
    print(f"settlements released twice: {per_settlement}; claimed still held: {held_with_claim}/{len(claimed)}")
    print(f"ledger debits {totals['d']} = credits {totals['c']}: {totals['d'] == totals['c']}")
    if per_settlement or held_with_claim != len(claimed) or totals["d"] != totals["c"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
