"""The market-day load test: locust (bench/locustfile.py) against gunicorn and a Celery worker
on loopback, with the CPU each request costs the web processes and the database.

Creates a fresh database (default yd_bench_load) holding `--listings` synthetic listings of
`--suppliers` suppliers (bench/market.py), `--buyers` buyers and a token each; starts gunicorn
(`--workers` x `--threads`) and one Celery worker on a free loopback port; runs locust headless
with `--users` for `--seconds`; samples /proc for the CPU time of gunicorn, of the worker and of
the PostgreSQL backends serving that database. Prints locust's table and per-request costs.

    .venv/bin/python bench/loadtest.py --listings 50000 --users 20 --seconds 60
"""

import argparse
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
TICKS = os.sysconf("SC_CLK_TCK")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=50_000)
    parser.add_argument("--suppliers", type=int, default=40)
    parser.add_argument("--buyers", type=int, default=60)
    parser.add_argument("--users", type=int, default=20, help="locust users (bounded)")
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="yd_bench_load")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL without a database")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/2", help="broker and cache")
    parser.add_argument("--out", default=None, help="folder for locust's CSV files (default: a temporary one)")
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


def seed(args: argparse.Namespace) -> dict:
    """The synthetic market, a user and token per organisation, and what locust needs to know."""
    import django

    django.setup()
    from django.db import connection, transaction
    from rest_framework.authtoken.models import Token

    from bench.market import create_listings, create_organizations
    from marketplace.organizations.models import Organization, User

    rng = random.Random(7)
    with transaction.atomic(), connection.cursor() as wrapper:
        supplier_ids, buyer_ids = create_organizations(wrapper.cursor, args.suppliers, args.buyers, rng)
        create_listings(wrapper.cursor, args.listings, supplier_ids, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE catalog_listing")
        cursor.execute("VACUUM ANALYZE catalog_pricebreak")

    def token_for(org: Organization) -> str:
        user = User.objects.create(username=f"load-{org.pk}", organization=org, language="en")
        return Token.objects.create(user=user).key

    suppliers = []
    for org in Organization.objects.filter(pk__in=supplier_ids, status="verified"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT l.id, l.sku, b.code, l.designation, l.base_unit_price FROM catalog_listing l "
                "JOIN catalog_brand b ON b.id = l.brand_id WHERE l.supplier_id = %s ORDER BY l.id LIMIT 300",
                [org.pk],
            )
            listings = [
                {"id": i, "sku": s, "brand": b, "designation": d, "price": str(p)}
                for i, s, b, d, p in cursor.fetchall()
            ]
        if listings:
            suppliers.append({"id": org.pk, "token": token_for(org), "listings": listings})
    buyers = [{"id": org.pk, "token": token_for(org)} for org in Organization.objects.filter(pk__in=buyer_ids)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT base_designation FROM catalog_listing WHERE recognized GROUP BY 1 ORDER BY count(*) DESC LIMIT 300"
        )
        designations = [row[0] for row in cursor.fetchall()]
    return {"suppliers": suppliers, "buyers": buyers, "designations": designations}


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def descendants(pid: int) -> list[int]:
    found = [pid]
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split() if Path(f"/proc/{pid}").exists() else []:
        found += descendants(int(child))
    return found


class CpuSampler(threading.Thread):
    """The CPU seconds spent by each group of processes since it started (processes that come and
    go are caught by sampling twice a second)."""

    def __init__(self, groups: dict[str, callable]) -> None:
        super().__init__(daemon=True)
        self.groups = groups
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.stopping = threading.Event()

    def sample(self) -> None:
        for name, pids in self.groups.items():
            for pid in pids():
                value = cpu_seconds(pid)
                if value is not None:
                    self.first.setdefault((name, pid), value)
                    self.last[(name, pid)] = value

    def run(self) -> None:
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(0.5)

    def totals(self) -> dict[str, float]:
        out: dict[str, float] = dict.fromkeys(self.groups, 0.0)
        for key, value in self.last.items():
            out[key[0]] += value - self.first[key]
        return out


def backends_of(args: argparse.Namespace) -> callable:
    conn = psycopg2.connect(f"{args.pg}/postgres")
    conn.autocommit = True

    def pids() -> list[int]:
        with conn.cursor() as cur:
            cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [args.database])
            return [row[0] for row in cur.fetchall()]

    return pids


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def main() -> None:
    args = parse_args()
    os.chdir(ROOT)
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "REDIS_URL": args.redis,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS ends at the proxy in production
        "MARKETPLACE_THROTTLE_SEARCH": "100000/min",
        "MARKETPLACE_THROTTLE_MATCHING": "100000/min",
        "MARKETPLACE_THROTTLE_IMPORT": "100000/hour",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    out = Path(args.out or tempfile.mkdtemp(prefix="yd-load-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"fresh database {args.database}, {args.listings:,} listings ...", flush=True)
    fresh_database(args, env)
    data = seed(args)
    (out / "data.json").write_text(json.dumps(data))
    env["LOADTEST_DATA"] = str(out / "data.json")
    subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=False, capture_output=True)  # noqa: S603, S607

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    bin_dir = Path(PYTHON).parent
    web = subprocess.Popen(  # noqa: S603 - fixed argv
        [PYTHON, "-m", "gunicorn", "marketplace.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
         "--log-level", "warning", "--keep-alive", "30"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    worker = subprocess.Popen(  # noqa: S603 - fixed argv
        [str(bin_dir / "celery"), "-A", "marketplace", "worker", "-Q", "celery,notifications", "-c", "2",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(url, web)
        sampler = CpuSampler(
            {
                "web": lambda: descendants(web.pid),
                "worker": lambda: descendants(worker.pid),
                "database": backends_of(args),
            }
        )
        sampler.start()
        started = time.monotonic()
        subprocess.run(  # noqa: S603 - fixed argv
            [str(bin_dir / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", url,
             "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.seconds}s", "--csv", str(out / "load"),
             "--only-summary", "--stop-timeout", "10"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        time.sleep(5)  # let the worker finish the settlements the last deliveries queued
        sampler.stopping.set()
        sampler.join()
        sampler.sample()
        elapsed = time.monotonic() - started
    finally:
        web.terminate()
        worker.terminate()
        web.wait(timeout=30)
        worker.wait(timeout=60)

    report(args, out, sampler.totals(), elapsed)


def report(args: argparse.Namespace, out: Path, cpu: dict[str, float], elapsed: float) -> None:
    with (out / "load_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests_done = int(total["Request Count"])
    conn = psycopg2.connect(f"{args.pg}/{args.database}")
    with conn.cursor() as cur:
        cur.execute("SELECT status, count(*) FROM orders_order GROUP BY 1 ORDER BY 1")
        orders = dict(cur.fetchall())
        cur.execute("SELECT count(*) FROM settlement_settlement")
        settlements = cur.fetchone()[0]
        cur.execute("SELECT count(*), COALESCE(SUM(processed_rows), 0) FROM catalog_listingimport")
        imports, import_rows = cur.fetchone()
        cur.execute("SELECT count(*) FROM notifications_outboxevent")
        events = cur.fetchone()[0]
    conn.close()
    print()
    print(
        f"{args.listings:,} listings, {args.users} users for {args.seconds} s; gunicorn {args.workers}x{args.threads}"
    )
    print(f"{'endpoint':<20} {'requests':>8} {'fails':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}")
    for row in rows:
        print(
            f"{row['Name']:<20} {row['Request Count']:>8} {row['Failure Count']:>6} {row['50%']:>7} "
            f"{row['95%']:>7} {float(row['Requests/s']):>7.1f}"
        )
    print(f"orders by status: {orders}; settlements: {settlements}")
    print(f"worker tasks: {settlements} settlements, {imports} imports ({import_rows} rows), {events} outbox events")
    print(f"CPU seconds over {elapsed:.0f} s: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))
    if requests_done:
        web_ms = cpu["web"] / requests_done * 1000
        db_ms = cpu["database"] / requests_done * 1000
        share = db_ms / (web_ms + db_ms)
        print(f"per request: web {web_ms:.1f} ms CPU, database {db_ms:.1f} ms CPU (database {share:.0%} of the two)")
    if settlements:
        worker_ms = cpu["worker"] / settlements * 1000
        print(f"worker CPU per settled order: {worker_ms:.0f} ms (all its tasks: imports and outbox included)")


if __name__ == "__main__":
    main()
