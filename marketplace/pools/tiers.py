"""Tier arithmetic and the settling rule, pure Python (no Django), tested without a database.

Tiers ascend in `min_total_quantity` with strictly falling `unit_price`; the first tier's
minimum is the pool's success threshold.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Tier:
    min_total_quantity: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class Pledge:
    """One buyer's commitment as the settling rule sees it."""

    key: Hashable
    quantity: int
    max_unit_price: Decimal | None = None

    def accepts(self, unit_price: Decimal) -> bool:
        return self.max_unit_price is None or self.max_unit_price >= unit_price


@dataclass(frozen=True, slots=True)
class Outcome:
    """The tier the pool settles at (None: failed), the pledges kept and those priced out."""

    tier: Tier | None
    kept: list[Pledge] = field(default_factory=list)
    priced_out: list[Pledge] = field(default_factory=list)

    @property
    def total_quantity(self) -> int:
        return sum(pledge.quantity for pledge in self.kept)


def tiers_problems(tiers: Sequence[Tier]) -> dict[str, list[str]]:
    """Field paths (`tiers.2.unit_price`) with the codes of the rules each tier breaks; empty when valid.

    Codes: `required`, `min_value`, `not_ascending`, `not_falling` (the caller words them).
    """
    problems: dict[str, list[str]] = {}
    if not tiers:
        problems["tiers"] = ["required"]
    for index, tier in enumerate(tiers):
        if tier.min_total_quantity < 1:
            problems[f"tiers.{index}.min_total_quantity"] = ["min_value"]
        if tier.unit_price <= 0:
            problems[f"tiers.{index}.unit_price"] = ["min_value"]
        if index == 0:
            continue
        previous = tiers[index - 1]
        if tier.min_total_quantity <= previous.min_total_quantity:
            problems.setdefault(f"tiers.{index}.min_total_quantity", []).append("not_ascending")
        if tier.unit_price >= previous.unit_price:
            problems.setdefault(f"tiers.{index}.unit_price", []).append("not_falling")
    return problems


def tier_for(tiers: Sequence[Tier], total: int) -> Tier | None:
    """The highest tier the total reaches, or None below the first."""
    reached = None
    for tier in tiers:
        if total >= tier.min_total_quantity:
            reached = tier
    return reached


def tier_after(tiers: Sequence[Tier], total: int) -> Tier | None:
    """The first tier the total has not reached yet, or None when the last is reached."""
    return next((tier for tier in tiers if total < tier.min_total_quantity), None)


def settle(tiers: Sequence[Tier], pledges: Sequence[Pledge]) -> Outcome:
    """The contract's rule: the tier by total sets the price; pledges whose maximum is below it drop
    out and the tier is found again, until stable. Below the first tier the pool fails.

    Dropping pledges only lowers the total, so the price only rises and the loop ends.
    """
    kept = [pledge for pledge in pledges if pledge.quantity > 0]
    priced_out: list[Pledge] = []
    while True:
        tier = tier_for(tiers, sum(pledge.quantity for pledge in kept))
        if tier is None:
            return Outcome(tier=None, kept=kept, priced_out=priced_out)
        dropped = [pledge for pledge in kept if not pledge.accepts(tier.unit_price)]
        if not dropped:
            return Outcome(tier=tier, kept=kept, priced_out=priced_out)
        priced_out.extend(dropped)
        kept = [pledge for pledge in kept if pledge.accepts(tier.unit_price)]
