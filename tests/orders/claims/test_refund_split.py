"""The refund arithmetic, without the database: pro rata reversal, rounding, never more than the gross."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.money import quantize_money
from orders.settlement.amounts import RefundExceedsGross, refund_split, settlement_amounts

CENTS = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n) / 100)
RATES = st.sampled_from([Decimal("0"), Decimal("0.015"), Decimal("0.03"), Decimal("0.1")])


def test_one_refund_is_reversed_pro_rata_with_half_up_rounding() -> None:
    split = refund_split(
        refund=Decimal("22.60"), gross=Decimal("1130.00"), commission=Decimal("16.95"), vat=Decimal("130.00")
    )
    assert (split.commission_reversed, split.vat_reversed, split.payout_reduction) == (
        Decimal("0.34"),
        Decimal("2.60"),
        Decimal("22.26"),
    )


def test_refund_above_the_gross_is_refused() -> None:
    with pytest.raises(RefundExceedsGross):
        refund_split(
            refund=Decimal("10.01"),
            gross=Decimal("100.00"),
            commission=Decimal("1.50"),
            vat=Decimal("11.50"),
            refunded_before=Decimal("90.00"),
        )


@given(gross=CENTS, rate=RATES, share=st.fractions(min_value=0, max_value=1))
def test_a_single_refund_follows_the_contract_formula(gross: Decimal, rate: Decimal, share: object) -> None:
    amounts = settlement_amounts(gross=gross, commission_rate=rate)
    refund = quantize_money(gross * Decimal(share.numerator) / Decimal(share.denominator))
    split = refund_split(refund=refund, gross=amounts.gross, commission=amounts.commission, vat=amounts.vat)
    if refund < gross:
        formula = quantize_money(amounts.commission * refund / amounts.gross)
        if amounts.commission - formula <= gross - refund:
            assert split.commission_reversed == formula
        else:  # the clamp that keeps the payout left non-negative
            assert split.commission_reversed == amounts.commission - (gross - refund)
        assert split.vat_reversed == quantize_money(amounts.vat * refund / amounts.gross)
    else:
        assert (split.commission_reversed, split.vat_reversed) == (amounts.commission, amounts.vat)
    assert split.refund == split.commission_reversed + split.payout_reduction
    assert split.payout_reduction >= 0


@given(gross=CENTS, rate=RATES, cuts=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=8))
def test_many_refunds_never_exceed_the_gross_and_a_full_refund_reverses_everything(
    gross: Decimal, rate: Decimal, cuts: list[int]
) -> None:
    amounts = settlement_amounts(gross=gross, commission_rate=rate)
    total = sum(cuts)
    refunded = commission = vat = Decimal("0.00")
    for index, cut in enumerate(cuts):
        last = index == len(cuts) - 1
        refund = amounts.gross - refunded if last else quantize_money(amounts.gross * cut / total)
        refund = min(refund, amounts.gross - refunded)
        split = refund_split(
            refund=refund,
            gross=amounts.gross,
            commission=amounts.commission,
            vat=amounts.vat,
            refunded_before=refunded,
            commission_reversed_before=commission,
            vat_reversed_before=vat,
        )
        refunded += split.refund
        commission += split.commission_reversed
        vat += split.vat_reversed
        assert split.payout_reduction >= 0
        assert commission <= amounts.commission
        assert vat <= amounts.vat
        # The payout left is never negative.
        assert amounts.payout - (refunded - commission) >= 0
    assert (refunded, commission, vat) == (amounts.gross, amounts.commission, amounts.vat)
    with pytest.raises(RefundExceedsGross):
        refund_split(
            refund=Decimal("0.01"),
            gross=amounts.gross,
            commission=amounts.commission,
            vat=amounts.vat,
            refunded_before=refunded,
        )
