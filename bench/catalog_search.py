"""Listing search latency: p50/p95 server time of GET /api/v1/listings/ and EXPLAIN of its queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench .venv/bin/python bench/catalog_search.py [--requests 600]

Run bench/market.py first. Each request goes through the real DRF view in-process (URL routing,
authentication skipped via force_authenticate, FilterSet, selector, pagination at 50 rows,
serialization), so the time is the server's time without the network. Queries are a mix of a
designation in another brand's notation (the main use), filters, in-stock + price ordering,
dimension search and unrecognized free text.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yd_bench")
os.environ.setdefault("MARKETPLACE_THROTTLE_SEARCH", "1000000/min")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:  # noqa: PLR0915 - a linear benchmark script
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    import django

    django.setup()
    from rest_framework.test import APIRequestFactory, force_authenticate

    from catalog.api.views import ListingListCreateView
    from catalog.models import BearingSize, Listing
    from marketplace.organizations.models import Organization, User

    rng, total = random.Random(args.seed), Listing.objects.count()
    buyer = Organization.objects.filter(kind="buyer", status="verified").order_by("pk").first()
    if buyer is None or total == 0:
        sys.exit("Run bench/market.py first.")
    user, _created = User.objects.get_or_create(username="bench-search-buyer", defaults={"organization": buyer})
    sizes = list(BearingSize.objects.filter(bearing_type="deep_groove_ball").values_list("base_designation", flat=True))
    all_sizes = list(BearingSize.objects.values_list("base_designation", "bore_mm"))
    dimensioned = list(
        BearingSize.objects.filter(bearing_type="deep_groove_ball").values_list(
            "bore_mm", "outer_diameter_mm", "width_mm"
        )
    )
    skus = list(Listing.objects.filter(supplier__status="verified", is_active=True).values_list("sku", flat=True)[:500])
    size_notations = ["{d}x{D}x{B}", "{d}*{D}*{B}", "{d}×{D}×{B}", "d{d} D{D} B{B}"]
    notations = ["NSK {b}DDUC3", "SKF {b}-2RSH/C3", "{b}-2Z", "NTN {b}LLU", "{b}", "瓦轴 {b}-2RS/C3", "FAG {b}-2ZR-C3"]

    def query() -> tuple[str, dict[str, str]]:  # noqa: PLR0911 - one return per query shape
        kind = rng.random()
        if kind < 0.55:
            text = rng.choice(notations).format(b=rng.choice(sizes))
            return "designation", {"q": text}
        if kind < 0.65:
            text = rng.choice(notations).format(b=rng.choice(sizes))
            return "designation+in_stock+price", {"q": text, "in_stock": "true", "ordering": "unit_price"}
        if kind < 0.72:
            _base, bore = rng.choice(all_sizes)
            return "dimensions", {"bore_mm": str(bore), "bearing_type": "deep_groove_ball", "in_stock": "true"}
        if kind < 0.78:
            return "family+seal (q=base)", {"q": rng.choice(sizes), "seal": "2RS"}
        if kind < 0.84:
            d, outer, b = (format(v.normalize(), "f") for v in rng.choice(dimensioned))
            return "size text", {"q": rng.choice(size_notations).format(d=d, D=outer, B=b)}
        if kind < 0.87 and skus:
            return "exact sku", {"q": rng.choice(skus)}
        if kind < 0.93:
            return "brand+seal", {
                "brand": rng.choice(["SKF", "ZWZ", "恩斯克"]),
                "seal": "2RS",
                "ordering": "unit_price",
            }
        return "free text", {"q": rng.choice(["ORIGINAL", "特价", "OEM", "6205-1"])}

    factory, view = APIRequestFactory(), ListingListCreateView.as_view()
    for _ in range(30):  # warm caches and connections
        request = factory.get("/api/v1/listings/", query()[1])
        force_authenticate(request, user=user)
        view(request)

    timings: dict[str, list[float]] = {}
    every, cpu = [], []
    started = time.perf_counter()
    for _ in range(args.requests):
        kind, params = query()
        request = factory.get("/api/v1/listings/", params)
        force_authenticate(request, user=user)
        t0, c0 = time.perf_counter(), time.process_time()
        response = view(request)
        response.render()
        elapsed = (time.perf_counter() - t0) * 1000
        cpu.append((time.process_time() - c0) * 1000)
        every.append(elapsed)
        if response.status_code != 200:
            sys.exit(f"{params}: {response.status_code} {response.content[:300]!r}")
        timings.setdefault(kind, []).append(elapsed)
    wall = time.perf_counter() - started

    report(total, args.requests, timings, every, wall)
    cpu_p50, cpu_p95 = statistics.median(cpu), percentile(cpu, 0.95)
    print(f"Python CPU per request (this process): p50 {cpu_p50:.2f} ms, p95 {cpu_p95:.2f} ms")
    print(f"host: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end of the run")
    explain(buyer)


def report(total: int, requests: int, timings: dict[str, list[float]], every: list[float], wall: float) -> None:
    print(f"catalog_listing rows: {total:,}; requests: {requests}; page size 50; single process, one thread")
    print(f"{'query':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in sorted(timings.items()):
        print(
            f"{kind:28} {len(values):5d} {statistics.median(values):8.2f} {percentile(values, 0.95):8.2f} "
            f"{max(values):8.2f}"
        )
    print(
        f"{'all':28} {len(every):5d} {statistics.median(every):8.2f} {percentile(every, 0.95):8.2f} {max(every):8.2f}"
    )
    print(f"throughput: {requests / wall:.0f} requests/s (one worker thread, sequential)")


def explain(buyer: object) -> None:
    from django.db import connection

    from catalog.selectors import listings_search

    print("\nEXPLAIN ANALYZE of the main search queries:")
    examples = {
        "q=NSK 6205DDUC3": {"q": "NSK 6205DDUC3"},
        "q=6205-2RS C3&in_stock=true&ordering=unit_price": {
            "q": "6205-2RS C3",
            "in_stock": "true",
            "ordering": "unit_price",
        },
        "bore_mm=25&bearing_type=deep_groove_ball&in_stock=true": {
            "bore_mm": "25",
            "bearing_type": "deep_groove_ball",
            "in_stock": "true",
        },
        "q=ORIGINAL (unrecognized, trigram)": {"q": "ORIGINAL"},
        "q=哈轴 6205 (family, brand ranked)": {"q": "哈轴 6205"},
        "q=6205&seal=2RS (family, explicit seal)": {"q": "6205", "seal": "2RS"},
        "q=25x52x15 (size text)": {"q": "25x52x15"},
    }
    for title, params in examples.items():
        queryset = listings_search(org=buyer, params=params).prefetch_related(None)[:51]
        sql, sql_params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) {sql}", sql_params)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"\n-- {title}")
        for line in plan:
            print("   ", line)


if __name__ == "__main__":
    main()
