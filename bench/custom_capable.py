"""Capable-supplier benchmark: custom requests matched against the capabilities of N makers.

Run:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yd_bench_custom .venv/bin/python bench/custom_capable.py \
        [--suppliers 5000] [--queries 300]

Creates and migrates the database when missing, declares `--suppliers` verified makers (each with
2–6 bearing types, a bore range, 1–4 precision classes, 1–5 steels, 3–9 processes and 0–4
certificates; about 20 value rows each) unless that many already exist, then times
`capable_suppliers` (the whole query, rows fetched) for random requests: p50/p95 and the number
of suppliers found.
"""

from __future__ import annotations

import argparse
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

PROCESSES = [
    "turning",
    "grinding",
    "superfinishing",
    "heat_treatment",
    "salt_bath_quenching",
    "assembly",
    "sealing",
    "coating",
    "inspection",
]
CERTIFICATES = ["ISO9001", "IATF16949", "ISO14001", "AS9100"]
PRECISIONS = ["P0", "P6", "P5", "P4", "P2"]


def declare_makers(count: int, rng: random.Random) -> int:
    from catalog.choices import BearingType
    from catalog.steels import SteelGrade
    from marketplace.custom.models import Capability, CapabilityValue
    from marketplace.organizations.credit_code import check_character
    from marketplace.organizations.models import Organization

    have = Capability.objects.count()
    if have >= count:
        return have
    start = (Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    orgs = []
    for n in range(start, start + count - have):
        body = f"9337{n:013d}"[-17:]
        orgs.append(
            Organization(
                name=f"Bench maker {n}",
                kind="supplier",
                status="verified",
                credit_code=body + check_character(body),
                city="Linqing",
                score=Decimal(rng.randint(4000, 9800)) / 100,
            )
        )
    orgs = Organization.objects.bulk_create(orgs, batch_size=2000)
    capabilities, values = [], []
    for org in orgs:
        bore_min = Decimal(rng.choice([3, 10, 20, 40, 60, 100]))
        bore_max = bore_min + Decimal(rng.choice([40, 80, 150, 300]))
        capability = Capability(
            supplier=org,
            bore_min_mm=bore_min,
            bore_max_mm=bore_max,
            outer_diameter_max_mm=bore_max * Decimal("1.8"),
            monthly_capacity=rng.randint(1000, 100000),
            sample_lead_days=rng.randint(7, 45),
        )
        capabilities.append(capability)
        lists = {
            "bearing_type": rng.sample(BearingType.values, rng.randint(2, 6)),
            "precision": PRECISIONS[: rng.randint(1, 4)],
            "material": rng.sample(SteelGrade.values, rng.randint(1, 5)),
            "process": rng.sample(PROCESSES, rng.randint(3, 9)),
            "certification": rng.sample(CERTIFICATES, rng.randint(0, 4)),
        }
        values.append(lists)
    capabilities = Capability.objects.bulk_create(capabilities, batch_size=2000)
    rows = [
        CapabilityValue(capability=capability, facet=facet, value=value)
        for capability, lists in zip(capabilities, values, strict=True)
        for facet, items in lists.items()
        for value in items
    ]
    CapabilityValue.objects.bulk_create(rows, batch_size=5000)
    return Capability.objects.count()


def random_spec(rng: random.Random) -> object:
    from catalog.choices import BearingType
    from catalog.steels import SteelGrade
    from marketplace.custom.selectors import CapableSpec

    bore = Decimal(rng.randint(10, 250))
    return CapableSpec(
        bearing_type=rng.choice(BearingType.values),
        bore_mm=bore,
        outer_diameter_mm=bore * Decimal("1.6"),
        precision=rng.choice(["", "P0", "P6", "P5"]),
        material=rng.choice(["", *SteelGrade.values]),
        processes=tuple(rng.sample(PROCESSES, rng.randint(0, 3))),
        certifications=tuple(rng.sample(CERTIFICATES, rng.randint(0, 1))),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is created when missing).")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from market import ensure_database  # a sibling script, as catalog_import.py imports it

    ensure_database(url)

    from marketplace.custom.models import CapabilityValue
    from marketplace.custom.selectors import capable_suppliers

    rng = random.Random(20261130)
    started = time.perf_counter()
    makers = declare_makers(args.suppliers, rng)
    print(f"makers: {makers}, value rows: {CapabilityValue.objects.count()} ({time.perf_counter() - started:.1f} s)")
    timings, found = [], []
    for _ in range(args.queries):
        spec = random_spec(rng)
        began = time.perf_counter()
        found.append(len(list(capable_suppliers(spec=spec).values_list("pk", "score"))))
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs")
    print(
        f"capable_suppliers over {makers} makers, {args.queries} requests: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"suppliers found median {statistics.median(found):.0f} (max {max(found)})"
    )


if __name__ == "__main__":
    main()
