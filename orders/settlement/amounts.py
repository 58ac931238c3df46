"""The settlement arithmetic, free of Django: commission, VAT and payout of a gross amount."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.core.money import quantize_money

VAT_RATE = Decimal(13)
VAT_BASE = Decimal(113)


@dataclass(frozen=True)
class SettlementAmounts:
    gross: Decimal
    commission_rate: Decimal
    commission: Decimal
    vat: Decimal
    payout: Decimal


def settlement_amounts(*, gross: Decimal, commission_rate: Decimal) -> SettlementAmounts:
    """Commission = gross × rate, VAT = gross × 13/113 (VAT-inclusive), payout = gross − commission."""
    gross = quantize_money(gross)
    commission = quantize_money(gross * commission_rate)
    # Multiply before dividing so the only rounding is the final one.
    vat = quantize_money(gross * VAT_RATE / VAT_BASE)
    return SettlementAmounts(
        gross=gross,
        commission_rate=commission_rate,
        commission=commission,
        vat=vat,
        payout=gross - commission,
    )
