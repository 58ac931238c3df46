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


@dataclass(frozen=True)
class RefundSplit:
    """How one refund is borne: commission and VAT reversed pro rata, the rest off the supplier's payout."""

    refund: Decimal
    commission_reversed: Decimal
    vat_reversed: Decimal
    payout_reduction: Decimal


class RefundExceedsGross(ValueError):
    """The refunds of one order would exceed what the buyer paid."""


def refund_split(
    *,
    refund: Decimal,
    gross: Decimal,
    commission: Decimal,
    vat: Decimal,
    refunded_before: Decimal = Decimal("0.00"),
    commission_reversed_before: Decimal = Decimal("0.00"),
    vat_reversed_before: Decimal = Decimal("0.00"),
) -> RefundSplit:
    """commission × refund / gross and VAT × refund / gross, each rounded to 0.01 half-up; payout falls by the rest.

    Clamped so the refunds of an order never reverse more commission or VAT than was booked, never take
    the supplier's payout below zero, and a refund of the whole gross reverses everything exactly.
    """
    refund = quantize_money(refund)
    if refund < 0:
        raise ValueError("refund must not be negative")
    remaining_gross = gross - refunded_before
    if refund > remaining_gross:
        raise RefundExceedsGross(f"refund {refund} exceeds the {remaining_gross} left of {gross}")
    remaining_commission = commission - commission_reversed_before
    remaining_vat = vat - vat_reversed_before
    if refund == remaining_gross:
        commission_reversed, vat_reversed = remaining_commission, remaining_vat
    elif gross == 0:
        commission_reversed = vat_reversed = Decimal("0.00")
    else:
        commission_reversed = min(quantize_money(commission * refund / gross), remaining_commission)
        vat_reversed = min(quantize_money(vat * refund / gross), remaining_vat)
        # What is left of the commission must fit in what is left of the gross (payout ≥ 0).
        commission_reversed = max(commission_reversed, remaining_commission - (remaining_gross - refund))
    return RefundSplit(
        refund=refund,
        commission_reversed=commission_reversed,
        vat_reversed=vat_reversed,
        payout_reduction=refund - commission_reversed,
    )
