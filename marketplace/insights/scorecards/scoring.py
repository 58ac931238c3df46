"""The scorecard's arithmetic on plain values: components, weighted score, shrinkage, standing.

No Django here. Each component turns one measured figure into a fraction in [0, 1] (its
`value` shown as measured; `points` = weight × fraction). A component with nothing to
count (value null) scores the prior's fraction, 0.70, so an empty history is neither
perfect nor damning. raw = Σ points (weights sum to 100); the score shrinks raw toward the
prior by volume: (n × raw + K × PRIOR) / (n + K), n = orders completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PRIOR = Decimal(70)
SHRINK_ORDERS = 10  # K: the prior weighs as much as ten completed orders
NEW_BELOW = 5  # fewer completed orders than this: standing `new`
WINDOW_DAYS = 180
STANDINGS = ((Decimal(85), "excellent"), (Decimal(70), "good"), (Decimal(50), "fair"))
POOR = "poor"
NEW = "new"

# Weights (sum 100). Delivery discipline dominates: a buyer's line stops when goods are late or the
# supplier backs out of a confirmed sale; quality (claims refunded) next; answering RFQs, then speed.
WEIGHTS = {
    "on_time_rate": Decimal(30),
    "fill_rate": Decimal(25),
    "claim_rate": Decimal(20),
    "quote_response_rate": Decimal(15),
    "median_quote_response_hours": Decimal(10),
}
# Response speed: full marks answering within FAST hours, none at SLOW hours or later, linear between.
FAST_HOURS = Decimal(4)
SLOW_HOURS = Decimal(72)
PRIOR_FRACTION = PRIOR / 100
POINTS_PLACES = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")
ONE = Decimal("1.0000")


@dataclass(frozen=True, slots=True)
class Counts:
    """What the exchange recorded for one supplier over the window."""

    shipped: int = 0
    shipped_on_time: int = 0
    placed: int = 0
    cancelled_by_supplier: int = 0
    invitations: int = 0
    answered_in_time: int = 0
    median_response_hours: Decimal | None = None
    completed: int = 0
    refunded: int = 0


@dataclass(frozen=True, slots=True)
class Result:
    orders_completed: int
    on_time_rate: Decimal | None
    fill_rate: Decimal | None
    quote_response_rate: Decimal | None
    median_quote_response_hours: Decimal | None
    claim_rate: Decimal | None
    components: list[dict]
    score: Decimal
    standing: str


def rate(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator to four places, or None with nothing to count."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def speed_fraction(hours: Decimal) -> Decimal:
    if hours <= FAST_HOURS:
        return Decimal(1)
    if hours >= SLOW_HOURS:
        return Decimal(0)
    return (SLOW_HOURS - hours) / (SLOW_HOURS - FAST_HOURS)


def _fraction(name: str, value: Decimal | None) -> Decimal:
    if value is None:
        return PRIOR_FRACTION
    if name == "claim_rate":
        return max(Decimal(0), 1 - value)
    if name == "median_quote_response_hours":
        return speed_fraction(value)
    return value


def shrink(raw: Decimal, completed: int) -> Decimal:
    """(n × raw + K × 70) / (n + K), to 0.01."""
    shrunk = (completed * raw + SHRINK_ORDERS * PRIOR) / (completed + SHRINK_ORDERS)
    return shrunk.quantize(POINTS_PLACES, rounding=ROUND_HALF_UP)


def standing_for(score: Decimal, completed: int) -> str:
    if completed < NEW_BELOW:
        return NEW
    for floor, standing in STANDINGS:
        if score >= floor:
            return standing
    return POOR


def scorecard(counts: Counts) -> Result:
    """The scorecard of one supplier's counts."""
    values = {
        "on_time_rate": rate(counts.shipped_on_time, counts.shipped),
        "fill_rate": rate(counts.placed - counts.cancelled_by_supplier, counts.placed),
        # Several claims may end with refunds on one order: the rate is capped at 1.
        "claim_rate": None if counts.completed <= 0 else min(rate(counts.refunded, counts.completed), ONE),
        "quote_response_rate": rate(counts.answered_in_time, counts.invitations),
        "median_quote_response_hours": (
            None
            if counts.median_response_hours is None
            else Decimal(counts.median_response_hours).quantize(POINTS_PLACES, rounding=ROUND_HALF_UP)
        ),
    }
    components = []
    raw = Decimal(0)
    for name, weight in WEIGHTS.items():
        points = (weight * _fraction(name, values[name])).quantize(POINTS_PLACES, rounding=ROUND_HALF_UP)
        raw += points
        value = values[name]
        components.append(
            {"name": name, "value": None if value is None else str(value), "weight": str(weight), "points": str(points)}
        )
    score = shrink(raw, counts.completed)
    return Result(
        orders_completed=counts.completed,
        components=components,
        score=score,
        standing=standing_for(score, counts.completed),
        **values,
    )


# Standing order for "fell": `new` sits with `good` (a new supplier counts as the prior, 70).
STANDING_RANK = {"excellent": 4, "good": 3, "new": 3, "fair": 2, "poor": 1}


def fell(previous: str, current: str) -> bool:
    return bool(previous) and STANDING_RANK.get(current, 0) < STANDING_RANK.get(previous, 0)
