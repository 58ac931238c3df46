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
