"""Money arithmetic: Decimal only, rounded half-up to the fen (0.01 CNY)."""

from decimal import ROUND_HALF_UP, Decimal

CURRENCY = "CNY"
CENT = Decimal("0.01")


def quantize_money(value: Decimal | int | str) -> Decimal:
    """Round an amount to 0.01 with ROUND_HALF_UP, as the contract requires."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
