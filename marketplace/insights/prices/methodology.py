"""Methodology v1 of the price index, on plain values (no database): docs/price-index.md.

One day's value for one bearing (canonical, brand-neutral) and tier:
1. With 4 or more trades, drop those priced outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] of the day's unit
   prices (quartiles by linear interpolation, `statistics.quantiles(method="inclusive")`).
2. Weigh the remaining trades by quantity, no supplier weighing more than max(30 %, 1/n) of the
   quantity (n = distinct suppliers); a capped supplier's excess is shared among the others in
   proportion to their quantity, repeated until no supplier is over the cap.
3. The weighted mean unit price, rounded to 0.01 (ROUND_HALF_UP); null with fewer than 3 trades or
   fewer than 2 suppliers remaining.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

METHODOLOGY = "v1"
MIN_TRADES_FOR_SCREEN = 4
MIN_TRADES = 3
MIN_SUPPLIERS = 2
IQR_FENCE = Decimal("1.5")
SUPPLIER_CAP = Decimal("0.30")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Trade:
    order_line: int
    supplier: int
    unit_price: Decimal
    quantity: int


@dataclass(slots=True)
class DayIndex:
    value: Decimal | None
    trades: int  # trades used (after the outlier screen)
    quantity: int  # units in the trades used
    outliers_excluded: int
    suppliers: int  # distinct suppliers in the trades used
    excluded: set[int] = field(default_factory=set)  # order-line ids screened out


def fences(prices: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """[Q1 − 1.5 IQR, Q3 + 1.5 IQR] of the prices (inclusive-method quartiles)."""
    q1, _median, q3 = statistics.quantiles(prices, n=4, method="inclusive")
    spread = q3 - q1
    return q1 - IQR_FENCE * spread, q3 + IQR_FENCE * spread


def capped_weights(quantities: dict[int, int]) -> dict[int, Decimal]:
    """Each supplier's weight in units: its quantity, at most max(30 %, 1/n) of the total, the excess of a
    capped supplier shared among the uncapped in proportion to their quantity, until none is over."""
    total = Decimal(sum(quantities.values()))
    cap = max(SUPPLIER_CAP, Decimal(1) / len(quantities)) * total
    weights = {supplier: Decimal(q) for supplier, q in quantities.items()}
    capped: set[int] = set()
    while True:
        over = {s for s, w in weights.items() if s not in capped and w > cap}
        if not over:
            return weights
        excess = sum(weights[s] - cap for s in over)
        for s in over:
            weights[s] = cap
        capped |= over
        free = {s: Decimal(quantities[s]) for s in weights if s not in capped}
        share = sum(free.values())
        if not share:
            return weights
        for s, q in free.items():
            weights[s] += excess * q / share


def day_index(trades: Sequence[Trade]) -> DayIndex:
    """The day's index value and its published counts."""
    excluded: set[int] = set()
    if len(trades) >= MIN_TRADES_FOR_SCREEN:
        low, high = fences([t.unit_price for t in trades])
        excluded = {t.order_line for t in trades if not low <= t.unit_price <= high}
    kept = [t for t in trades if t.order_line not in excluded]
    quantities: dict[int, int] = defaultdict(int)
    for t in kept:
        quantities[t.supplier] += t.quantity
    result = DayIndex(
        value=None,
        trades=len(kept),
        quantity=sum(quantities.values()),
        outliers_excluded=len(excluded),
        suppliers=len(quantities),
        excluded=excluded,
    )
    if len(kept) < MIN_TRADES or len(quantities) < MIN_SUPPLIERS or not result.quantity:
        return result
    with localcontext() as context:
        context.prec = 40
        weights = capped_weights(dict(quantities))
        # A supplier's weight is spread over its trades in proportion to their quantity.
        weighted = sum(t.unit_price * t.quantity * weights[t.supplier] / quantities[t.supplier] for t in kept)
        mean = weighted / sum(weights.values())
    result.value = mean.quantize(CENT, rounding=ROUND_HALF_UP)
    return result
