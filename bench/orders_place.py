"""Order placement throughput over HTTP: concurrent buyers racing for contended stock.

Creates a fresh database (default yd_bench_orders), loads a supplier with a handful of
listings and one buyer per client, starts gunicorn on 127.0.0.1 (a free port), fires a
bounded number of POST /api/v1/orders/ from concurrent clients, then checks that no unit
was oversold. Prints orders/s, the 409 count and latency percentiles.

    .venv/bin/python bench/orders_place.py --clients 50 --requests 5000 --workers 4 --threads 8
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))
from loadtest import CpuSampler, backends_of, descendants  # noqa: E402 - beside this script


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000, help="total POSTs (bounded)")
    parser.add_argument("--seconds", type=float, default=120.0, help="stop early after this long")
    parser.add_argument("--listings", type=int, default=8)
    parser.add_argument("--stock", type=int, default=1000, help="units on hand per listing")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="yd_bench_orders")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL without a database")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/2", help="broker for the outbox dispatch tasks")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(args: argparse.Namespace, env: dict[str, str]) -> None:
    conn = psycopg2.connect(f"{args.pg}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        cur.execute(f'CREATE DATABASE "{args.database}"')
    conn.close()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603 - fixed argv


def load_data(args: argparse.Namespace) -> tuple[list[int], list[str]]:
    """A verified supplier with contended listings, and one verified buyer (and token) per client."""
    import django

    django.setup()
    from decimal import Decimal

    from rest_framework.authtoken.models import Token

    from catalog.models import Brand, Listing, PriceBreak
    from marketplace.organizations.models import Organization, User
    from tests.factories import credit_code

    supplier = Organization.objects.create(
        name="Bench Supplier", kind="supplier", status="verified", credit_code=credit_code(1), city="Linqing"
    )
    brand, _created = Brand.objects.get_or_create(code="SKF", defaults={"name": "SKF"})
    listing_ids = []
    for n in range(args.listings):
        listing = Listing.objects.create(
            supplier=supplier,
            sku=f"BENCH-{n}",
            brand=brand,
            designation=f"620{n}-2RS C3",
            base_designation=f"620{n}",
            quantity_on_hand=args.stock,
            base_unit_price=Decimal("12.50"),
        )
        PriceBreak.objects.bulk_create(
            [
                PriceBreak(listing=listing, min_quantity=1, unit_price=Decimal("12.50")),
                PriceBreak(listing=listing, min_quantity=3, unit_price=Decimal("11.80")),
            ]
        )
        listing_ids.append(listing.pk)
    tokens = []
    for n in range(args.clients):
        buyer = Organization.objects.create(
            name=f"Bench Buyer {n}", kind="buyer", status="verified", credit_code=credit_code(100 + n), city="Jinan"
        )
        user = User.objects.create(username=f"bench-buyer-{n}", organization=buyer, language="en")
        tokens.append(Token.objects.create(user=user).key)
    return listing_ids, tokens


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz")


def fire(args: argparse.Namespace, url: str, listing_ids: list[int], tokens: list[str]) -> tuple[Counter, list, float]:
    """Run the clients; returns status counts, latencies (s) and elapsed wall time."""
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    issued = [0]
    start_gate = threading.Barrier(args.clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        session = requests.Session()
        session.headers.update({"Authorization": f"Token {tokens[index]}"})
        rng = random.Random(index)
        start_gate.wait()
        while True:
            with lock:
                if issued[0] >= args.requests or time.monotonic() > deadline[0]:
                    return
                issued[0] += 1
            chosen = rng.sample(listing_ids, 2 if rng.random() < 0.2 else 1)
            body = {"lines": [{"listing": pk, "quantity": rng.randint(1, 3)} for pk in chosen]}
            began = time.perf_counter()
            try:
                status = session.post(f"{url}/api/v1/orders/", json=body, timeout=30).status_code
            except requests.RequestException:
                status = 0
            took = time.perf_counter() - began
            with lock:
                statuses[status] += 1
                latencies.append(took)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + args.seconds
    started = time.perf_counter()
    start_gate.wait()
    for thread in threads:
        thread.join()
    return statuses, latencies, time.perf_counter() - started


def check_oversell(args: argparse.Namespace, listing_ids: list[int]) -> bool:
    from django.db import connection
    from django.db.models import Sum

    from catalog.models import Listing
    from orders.models import OrderLine

    connection.close()
    ok = True
    for listing in Listing.objects.filter(pk__in=listing_ids).order_by("pk"):
        ordered = (
            OrderLine.objects.filter(listing=listing, order__status="placed").aggregate(total=Sum("quantity"))["total"]
            or 0
        )
        oversold = max(ordered - args.stock, 0)
        consistent = listing.quantity_reserved == ordered and listing.quantity_available >= 0
        ok = ok and oversold == 0 and consistent
        print(
            f"  listing {listing.pk}: stock {args.stock}, ordered {ordered}, reserved {listing.quantity_reserved}, "
            f"available {listing.quantity_available}, oversold {oversold}"
        )
    return ok


def main() -> None:
    args = parse_args()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "REDIS_URL": args.redis,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS ends at the proxy in production
    }
    os.environ.update(env)
    print(f"fresh database {args.database} ...", flush=True)
    fresh_database(args, env)
    listing_ids, tokens = load_data(args)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    gunicorn = [
        PYTHON, "-m", "gunicorn", "marketplace.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads),
        "--worker-class", "gthread", "--log-level", "warning", "--keep-alive", "30",
    ]  # fmt: skip
    proc = subprocess.Popen(gunicorn, cwd=ROOT, env=env)  # noqa: S603 - fixed argv
    try:
        wait_until_up(url, proc)
        sampler = CpuSampler({"web": lambda: descendants(proc.pid), "database": backends_of(args)})
        sampler.start()
        print(
            f"{args.clients} clients, {args.requests} POST /api/v1/orders/ (80% one line, 20% two; 1-3 units each), "
            f"{args.listings} listings x {args.stock} units; gunicorn {args.workers} workers x {args.threads} threads",
            flush=True,
        )
        statuses, latencies, elapsed = fire(args, url, listing_ids, tokens)
        sampler.stopping.set()
        sampler.join()
        sampler.sample()
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    total = sum(statuses.values())
    latencies.sort()
    placed = statuses.get(201, 0)
    print(f"requests {total} in {elapsed:.1f}s: {total / elapsed:.0f} req/s")
    print(f"orders placed (201): {placed}  -> {placed / elapsed:.0f} orders/s")
    others = {status: n for status, n in statuses.items() if status not in {201, 409}}
    print(f"insufficient stock (409): {statuses.get(409, 0)}  other statuses: {others}")
    if latencies:

        def pct(q: float) -> float:
            return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

        mean = statistics.mean(latencies) * 1000
        print(f"latency ms: p50 {pct(0.5):.1f}  p95 {pct(0.95):.1f}  p99 {pct(0.99):.1f}  mean {mean:.1f}")
    cpu = sampler.totals()
    if placed:
        print(
            f"CPU per placed order (all requests' CPU / orders placed): web {cpu['web'] / placed * 1000:.1f} ms, "
            f"database {cpu['database'] / placed * 1000:.1f} ms; load average {os.getloadavg()[0]:.1f}"
        )
    ok = check_oversell(args, listing_ids)
    print("oversold units: 0" if ok else "OVERSOLD OR INCONSISTENT STOCK")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
