"""The reference a buyer computes by hand: each line in turn, from its cheapest offer first.

For each line (in RFQ order), repeatedly take from the offer with the lowest unit price at the
quantity it can give now (the rest of the line, or what is left of its stock or quoted quantity),
skipping offers below their MOQ, and once `max_suppliers` suppliers are in use, offers from others.
Ties go to the lower offer index. None when this procedure cannot fill every line.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from marketplace.rfqs.planning.model import Offer, PlanLine, Take, plan_cost


def _best(
    offers: Sequence[Offer],
    line: PlanLine,
    remaining: int,
    *,
    left: dict[tuple[str, int], int],
    suppliers: set[int],
    max_suppliers: int | None,
) -> Take | None:
    best: tuple[Decimal, int, Take] | None = None
    for index, offer in enumerate(offers):
        if offer.line_id != line.id:
            continue
        if max_suppliers is not None and len(suppliers) >= max_suppliers and offer.supplier_id not in suppliers:
            continue
        quantity = min(remaining, left.get(offer.source, offer.capacity))
        price = offer.price_at(quantity) if quantity > 0 else None
        if price is not None and (best is None or (price, index) < best[:2]):
            best = (price, index, Take(offer=offer, quantity=quantity, unit_price=price))
    return best[2] if best else None


def greedy_plan(
    *, lines: Sequence[PlanLine], offers: Sequence[Offer], max_suppliers: int | None = None
) -> list[Take] | None:
    """The greedy reference's takes, or None when it leaves a line unfilled."""
    left: dict[tuple[str, int], int] = {}
    suppliers: set[int] = set()
    takes: list[Take] = []
    for line in lines:
        remaining = line.quantity
        while remaining > 0:
            take = _best(offers, line, remaining, left=left, suppliers=suppliers, max_suppliers=max_suppliers)
            if take is None:
                return None
            takes.append(take)
            suppliers.add(take.offer.supplier_id)
            left[take.offer.source] = left.get(take.offer.source, take.offer.capacity) - take.quantity
            remaining -= take.quantity
    return takes


def greedy_total(
    *, lines: Sequence[PlanLine], offers: Sequence[Offer], max_suppliers: int | None, per_supplier_cost: Decimal
) -> Decimal | None:
    takes = greedy_plan(lines=lines, offers=offers, max_suppliers=max_suppliers)
    return None if takes is None else plan_cost(takes, per_supplier_cost)


def limited_start(*, lines: Sequence[PlanLine], offers: Sequence[Offer], max_suppliers: int) -> list[Take] | None:
    """A first plan for the solver when suppliers are limited: pick suppliers one at a time by how many
    still-unfillable lines they could fill alone (cheapest first on ties), then fill greedily from them."""
    quantity = {line.id: line.quantity for line in lines}
    can_fill: dict[int, set[int]] = {}
    cost: dict[int, Decimal] = {}
    for offer in offers:
        q = quantity.get(offer.line_id)
        price = offer.price_at(q) if q and offer.capacity >= q else None
        if price is not None:
            can_fill.setdefault(offer.supplier_id, set()).add(offer.line_id)
            cost[offer.supplier_id] = cost.get(offer.supplier_id, Decimal(0)) + price * q
    chosen: list[int] = []
    open_lines = set(quantity)
    while open_lines and len(chosen) < max_suppliers:
        best = max(
            (k for k in can_fill if k not in chosen),
            key=lambda k: (len(can_fill[k] & open_lines), -cost[k]),
            default=None,
        )
        if best is None or not can_fill[best] & open_lines:
            break
        chosen.append(best)
        open_lines -= can_fill[best]
    if open_lines:
        return None
    return greedy_plan(lines=lines, offers=[o for o in offers if o.supplier_id in chosen])
