"""Recompute every supplier scorecard over a year of synthetic trade: time and SQL statements.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench_scorecards \
        .venv/bin/python bench/scorecards.py [--suppliers 15000] [--orders 1000000] [--invitations 1000000]
        [--generate-only | --measure-only] [--repeat 3] [--seed 11]

Generates (PostgreSQL COPY, into the database named by DATABASE_URL, created and migrated if
missing) `--suppliers` suppliers and 2,000 buyers, one listing per supplier (lead times 0, 5 or
15 days), `--orders` orders spread over the last 365 days (78 % delivered or settled, 6 %
cancelled by the supplier or left unconfirmed, 4 % cancelled by the buyer, the rest open), one
line each, an audit row for each cancellation, and `--invitations` RFQ invitations (ten suppliers
per RFQ; 60 % quoted, 15 % declined, a tenth of the answers after the deadline). Then runs
`scorecards_recompute()` for every supplier `--repeat` times and prints the wall time, the SQL
statements issued and the cost per supplier and per order of the window. Only the 180-day window
is read, so the year's older half costs index range checks only.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yd_bench_scorecards"
BUYERS = 2_000
BATCH = 200_000
INVITED_PER_RFQ = 10


def _ts(value: datetime | None) -> str:
    return r"\N" if value is None else value.isoformat()


def _next_id(cursor: object, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _setval(cursor: object, table: str) -> None:
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


NULL = r"\N"


def _order_rows(
    n: int, start: int, market: tuple[list[int], list[int], dict[int, int]], now: datetime, rng: random.Random
) -> tuple[str, str, str]:
    """COPY text for `n` orders from id `start`: orders, their lines, their cancellation events."""
    suppliers, buyers, listing_of = market
    orders, lines, events = io.StringIO(), io.StringIO(), io.StringIO()
    for order_id in range(start, start + n):
        supplier = rng.choice(suppliers)
        created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
        roll = rng.random()
        confirmed = shipped = delivered = cancelled = None
        if roll < 0.06:
            status, cancelled = "cancelled", created + timedelta(hours=rng.uniform(1, 48))
            actor_org = supplier if rng.random() < 0.7 else None  # rejected, or lapsed unconfirmed
            events.write(f"{order_id}\t{cancelled.isoformat()}\t\\N\t{actor_org or NULL}\t"
                         f"{'supplier' if actor_org else 'system'}\tplaced\tcancelled\t\n")  # fmt: skip
        elif roll < 0.10:
            status, cancelled = "cancelled", created + timedelta(hours=rng.uniform(1, 24))
            events.write(f"{order_id}\t{cancelled.isoformat()}\t\\N\t\\N\tbuyer\tplaced\tcancelled\t\n")
        else:
            confirmed = created + timedelta(hours=rng.uniform(1, 40))
            shipped = confirmed + timedelta(days=rng.choice((1, 1, 2, 3, 4, 6, 9, 14, 20)), hours=rng.uniform(0, 20))
            delivered = shipped + timedelta(days=rng.uniform(1, 5))
            status = rng.choice(("delivered", "settled", "settled", "settled"))
            if roll > 0.88:
                status, shipped, delivered = "confirmed", None, None
            if delivered is not None and delivered > now:
                status, delivered = "shipped", None
            if shipped is not None and shipped > now:
                status, shipped = "confirmed", None
        orders.write(
            f"{order_id}\tB{order_id}\t{rng.choice(buyers)}\t{supplier}\t{status}\t\t10.00\tCNY\t\t"
            f"{_ts(created)}\t{_ts(created)}\t{_ts(confirmed)}\t{_ts(shipped)}\t{_ts(delivered)}\t{_ts(cancelled)}\n"
        )
        listing = listing_of.get(supplier)
        lines.write(f"{order_id}\t{listing or NULL}\tSKF\t6205-2RS\t\t1\t10.00\t10.00\t0\n")
    return orders.getvalue(), lines.getvalue(), events.getvalue()


def _copy(cursor: object, table: str, columns: tuple[str, ...], text: str) -> None:
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text))


ORDER_COLUMNS = ("id", "number", "buyer_id", "supplier_id", "status", "delivery_city", "total", "currency",
                 "tracking_number", "created_at", "updated_at", "confirmed_at", "shipped_at", "delivered_at",
                 "cancelled_at")  # fmt: skip
LINE_COLUMNS = ("order_id", "listing_id", "brand", "designation", "description", "quantity", "unit_price",
                "line_total", "quantity_reserved")  # fmt: skip
EVENT_COLUMNS = ("order_id", "at", "actor_id", "actor_organization_id", "actor_label", "from_status", "to_status",
                 "note")  # fmt: skip


def generate(args: argparse.Namespace) -> None:
    from django.db import connection, transaction
    from market import create_listings, create_organizations

    rng = random.Random(args.seed)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        suppliers, buyers = create_organizations(cursor, args.suppliers, BUYERS, rng)
        create_listings(cursor, args.suppliers, suppliers, rng)
        cursor.execute("UPDATE catalog_listing SET lead_time_days = (ARRAY[0, 5, 15])[1 + id % 3]")
        cursor.execute("SELECT supplier_id, MIN(id) FROM catalog_listing GROUP BY supplier_id")
        listing_of = dict(cursor.fetchall())
        start = _next_id(cursor, "orders_order")
        for offset in range(0, args.orders, BATCH):
            n = min(BATCH, args.orders - offset)
            orders, lines, events = _order_rows(n, start + offset, (suppliers, buyers, listing_of), now, rng)
            _copy(cursor, "orders_order", ORDER_COLUMNS, orders)
            _copy(cursor, "orders_orderline", LINE_COLUMNS, lines)
            _copy(cursor, "orders_orderevent", EVENT_COLUMNS, events)
            print(f"  orders: {offset + n:,}", flush=True)
        for table in ("orders_order", "orders_orderline", "orders_orderevent"):
            _setval(cursor, table)
        rfqs = max(args.invitations // INVITED_PER_RFQ, 1)
        rfq_start = _next_id(cursor, "rfqs_rfq")
        rfq_text, invitations, quotes, declines = io.StringIO(), io.StringIO(), io.StringIO(), io.StringIO()
        for rfq_id in range(rfq_start, rfq_start + rfqs):
            created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
            deadline = created + timedelta(hours=72)
            status = "closed" if deadline < now else "open"
            rfq_text.write(f"{rfq_id}\t{rng.choice(buyers)}\tBench RFQ\t\t{deadline.isoformat()}\t{status}\t"
                           f"f\tf\t{created.isoformat()}\n")  # fmt: skip
            for supplier in rng.sample(suppliers, INVITED_PER_RFQ):
                invitations.write(f"{rfq_id}\t{supplier}\t1\t{created.isoformat()}\n")
                roll = rng.random()
                answered = created + timedelta(hours=rng.expovariate(1 / 12))
                if rng.random() < 0.1:
                    answered = deadline + timedelta(hours=rng.uniform(1, 48))
                if answered > now:
                    continue
                if roll < 0.6:
                    quotes.write(f"{rfq_id}\t{supplier}\tsubmitted\t{answered.date()}\t\t1\t{answered.isoformat()}\t"
                                 f"{answered.isoformat()}\n")  # fmt: skip
                elif roll < 0.75:
                    declines.write(f"{rfq_id}\t{supplier}\t\t{answered.isoformat()}\n")
        _copy(cursor, "rfqs_rfq", ("id", "buyer_id", "title", "delivery_city", "deadline", "status", "show_buyer",
                                   "show_target_prices", "created_at"), rfq_text.getvalue())  # fmt: skip
        _setval(cursor, "rfqs_rfq")
        _copy(cursor, "rfqs_rfqinvitation", ("rfq_id", "supplier_id", "matched_lines", "created_at"),
              invitations.getvalue())  # fmt: skip
        _copy(cursor, "rfqs_quote", ("rfq_id", "supplier_id", "status", "valid_until", "note", "revision",
                                     "submitted_at", "created_at"), quotes.getvalue())  # fmt: skip
        _copy(cursor, "rfqs_rfqdecline", ("rfq_id", "supplier_id", "reason", "created_at"), declines.getvalue())
    with connection.cursor() as cursor:
        for table in ("orders_order", "orders_orderline", "orders_orderevent", "rfqs_rfq", "rfqs_rfqinvitation",
                      "rfqs_quote", "rfqs_rfqdecline", "organizations_organization", "catalog_listing"):  # fmt: skip
            cursor.execute(f"ANALYZE {table}")
    print(f"generated in {time.perf_counter() - started:.1f} s")


def measure(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.insights.scorecards.services import scorecards_recompute

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM organizations_organization WHERE kind = 'supplier'")
        suppliers = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*), COUNT(*) FILTER (WHERE created_at >= now() - interval '180 days') "
                       "FROM orders_order")  # fmt: skip
        orders, in_window = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM rfqs_rfqinvitation")
        invitations = cursor.fetchone()[0]
    print(f"suppliers {suppliers:,}; orders {orders:,} ({in_window:,} placed in the 180-day window); "
          f"invitations {invitations:,}; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    for run in range(args.repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            written = scorecards_recompute()
        elapsed = time.perf_counter() - started
        print(
            f"run {run + 1}: {written:,} scorecards in {elapsed:.2f} s, "
            f"{len(captured.captured_queries)} SQL statements; "
            f"{1e6 * elapsed / max(written, 1):.0f} µs per supplier, {1e6 * elapsed / max(orders, 1):.2f} µs per order"
            f"; load average {os.getloadavg()[0]:.2f}"
        )
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
        for query in slowest:
            print(f"    {float(query['time']):7.2f} s  {' '.join(query['sql'].split())[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suppliers", type=int, default=15_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--invitations", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--measure-only", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    from market import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    if not args.measure_only:
        generate(args)
    if not args.generate_only:
        measure(args)


if __name__ == "__main__":
    main()
