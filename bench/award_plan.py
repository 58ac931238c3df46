"""Award-plan benchmark: solve time to proven optimality and the saving against the greedy reference.

Size: 30 random RFQs of 50 lines × 20 offers each (listings with 3 all-units price breaks, MOQs and
stocks), 40 suppliers of which each line draws 20 (the larger traders more often, weight 1/rank),
max_suppliers 5, per-supplier cost 200.00.
The model alone (no database), one solver thread.

Run: .venv/bin/python bench/award_plan.py [--rfqs 30] [--lines 50] [--offers 20] [--seed 7]
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marketplace.rfqs.planning import Offer, PlanLine, greedy_plan, plan_cost, solve_plan


def random_rfq(rng: random.Random, lines: int, offers: int, suppliers: int) -> tuple[list[PlanLine], list[Offer]]:
    plan_lines = [PlanLine(id=i + 1, quantity=rng.choice([20, 50, 100, 200, 500])) for i in range(lines)]
    found: list[Offer] = []
    listing = 0
    for line in plan_lines:
        list_price = Decimal(rng.randint(300, 30000)) / 100
        for supplier in _suppliers(rng, suppliers, offers):
            listing += 1
            price = (list_price * Decimal(rng.uniform(0.85, 1.15))).quantize(Decimal("0.01"))
            breaks = (
                (1, price),
                (100, (price * Decimal("0.95")).quantize(Decimal("0.01"))),
                (300, (price * Decimal("0.90")).quantize(Decimal("0.01"))),
            )
            found.append(
                Offer(
                    line_id=line.id,
                    supplier_id=supplier,
                    source=("listing", listing),
                    capacity=rng.choice([line.quantity // 2, line.quantity, 2 * line.quantity, 1000, 1000]),
                    breaks=breaks,
                    moq=rng.choice([1, 1, 10, 50]),
                )
            )
    return plan_lines, found


def _suppliers(rng: random.Random, suppliers: int, count: int) -> list[int]:
    """`count` distinct suppliers for one line, the large traders (low ids) far more often (weight 1/k),
    as in the market: a few big houses stock most lines, many small ones a few."""
    chosen: set[int] = set()
    ids = list(range(1, suppliers + 1))
    weights = [1 / k for k in ids]
    while len(chosen) < count:
        chosen.add(rng.choices(ids, weights)[0])
    return sorted(chosen)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rfqs", type=int, default=30)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--offers", type=int, default=20)
    parser.add_argument("--suppliers", type=int, default=40)
    parser.add_argument("--max-suppliers", type=int, default=5)
    parser.add_argument("--per-supplier-cost", default="200.00")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cost = Decimal(args.per_supplier_cost)
    times, savings, ratios, statuses = [], [], [], []
    for _ in range(args.rfqs):
        lines, offers = random_rfq(rng, args.lines, args.offers, args.suppliers)
        greedy_takes = greedy_plan(lines=lines, offers=offers, max_suppliers=args.max_suppliers)
        plan = solve_plan(
            lines=lines, offers=offers, max_suppliers=args.max_suppliers, per_supplier_cost=cost, start=greedy_takes
        )
        statuses.append(plan.status.value)
        times.append(plan.solve_ms)
        greedy = None if greedy_takes is None else plan_cost(greedy_takes, cost)
        if plan.status == "optimal" and greedy is not None:
            total = plan_cost(plan.takes, cost)
            savings.append(greedy - total)
            ratios.append(float((greedy - total) / greedy))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"{args.rfqs} RFQs × {args.lines} lines × {args.offers} offers (3 breaks), {args.suppliers} suppliers, "
        f"max_suppliers {args.max_suppliers}, per-supplier cost {cost}"
    )
    print("statuses:", {s: statuses.count(s) for s in sorted(set(statuses))})
    print(f"solve ms: p50 {statistics.median(times):.0f}, p95 {percentile(times, 0.95):.0f}, max {max(times):.0f}")
    if savings:
        print(
            f"saving vs greedy ({len(savings)} RFQs where greedy fills): median {statistics.median(savings)} CNY "
            f"({100 * statistics.median(ratios):.2f} %), max {max(savings)} CNY ({100 * max(ratios):.2f} %), "
            f"min {min(savings)}"
        )


if __name__ == "__main__":
    main()
