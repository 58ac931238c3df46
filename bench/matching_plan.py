"""What the matcher's one statement reads: EXPLAIN (ANALYZE, BUFFERS) of match_lines for 50-line
RFQs, summed over their index-only scans: heap fetches (visibility-map misses) and buffers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench_rfqs .venv/bin/python bench/matching_plan.py [--rfqs 5]
    ... --vacuum        # VACUUM (ANALYZE) the listing tables first, then measure again

Heap fetches and buffers do not depend on what else the machine is doing, so they show the
fresh-table effect (an index-only scan that must visit the heap for every entry until VACUUM
has set the visibility map) even on a busy host. Times are printed too.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django.db import connection
from django.test.utils import CaptureQueriesContext
from matching import designation_pool, percentile, rfq_lines


def heap_fetches(node: dict) -> int:
    """Heap fetches of every index-only scan in the plan (buffers are cumulative at the top node)."""
    return node.get("Heap Fetches", 0) + sum(heap_fetches(child) for child in node.get("Plans", []))


def measure(rfqs: list, buyer_id: int) -> None:
    from marketplace.rfqs.matching import line_spec, match_lines
    from marketplace.rfqs.models import RfqLine

    fetches, hits, reads, times, plan_ms = 0, 0, 0, [], []
    for rfq in rfqs:
        lines = [line_spec(line) for line in RfqLine.objects.filter(rfq=rfq).order_by("position")]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            match_lines(lines=lines, buyer_id=buyer_id, limit=10)
            times.append((time.perf_counter() - started) * 1000)
        sql = captured.captured_queries[-1]["sql"]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = plan if isinstance(plan, list) else json.loads(plan)
        top = plan[0]["Plan"]
        fetches += heap_fetches(top)
        hits += top.get("Shared Hit Blocks", 0)
        reads += top.get("Shared Read Blocks", 0)
        plan_ms.append(plan[0]["Execution Time"])
    n = len(rfqs)
    print(
        f"per RFQ: heap fetches {fetches / n:,.0f}, shared buffers hit {hits / n:,.0f} read {reads / n:,.0f}; "
        f"statement p50 {percentile(plan_ms, 0.5):.1f} ms (EXPLAIN ANALYZE), "
        f"engine p50 {percentile(times, 0.5):.1f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rfqs", type=int, default=5)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--vacuum", action="store_true")
    args = parser.parse_args()
    from catalog.models import Listing
    from marketplace.organizations.models import Organization, User
    from marketplace.rfqs.models import Rfq, RfqLine
    from marketplace.rfqs.services.lines import rfq_line_build

    buyer = Organization.objects.filter(kind="buyer", status="verified").order_by("pk").first()
    if buyer is None:
        buyer = Organization.objects.create(
            name="Bench buyer", kind="buyer", status="verified", credit_code="9B" + "9" * 16
        )
    user, _created = User.objects.get_or_create(username="bench-buyer", defaults={"organization": buyer})
    rng, pool = random.Random(2024), designation_pool()
    rfqs = []
    for n in range(args.rfqs):
        rfq = Rfq.objects.create(buyer=buyer, created_by=user, title=f"plan {n}")
        RfqLine.objects.bulk_create(
            [rfq_line_build(rfq=rfq, position=i + 1, data=d) for i, d in enumerate(rfq_lines(rng, pool, args.lines))]
        )
        rfqs.append(rfq)
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_vacuum, last_autovacuum FROM pg_stat_user_tables WHERE relname = 'catalog_listing'")
        print(f"{Listing.objects.count():,} listings; last vacuum, autovacuum: {cursor.fetchone()}", flush=True)
    try:
        measure(rfqs, buyer.pk)
        if args.vacuum:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE) catalog_listing, catalog_pricebreak")
            print(f"VACUUM (ANALYZE) took {time.perf_counter() - started:.1f} s; again:", flush=True)
            measure(rfqs, buyer.pk)
    finally:
        Rfq.objects.filter(pk__in=[r.pk for r in rfqs]).delete()


if __name__ == "__main__":
    main()
