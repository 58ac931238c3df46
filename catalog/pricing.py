"""Price-break arithmetic (pure: no Django)."""

from collections.abc import Iterable
from decimal import Decimal

from marketplace.core.money import quantize_money


def unit_price_for(breaks: Iterable[tuple[int, Decimal]], quantity: int) -> Decimal | None:
    """The price of the largest `min_quantity` ≤ quantity; None when no break applies."""
    best: tuple[int, Decimal] | None = None
    for min_quantity, unit_price in breaks:
        if min_quantity <= quantity and (best is None or min_quantity > best[0]):
            best = (min_quantity, unit_price)
    return None if best is None else quantize_money(best[1])


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    return quantize_money(unit_price * quantity)
