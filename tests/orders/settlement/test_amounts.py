from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.settlement.amounts import settlement_amounts
from orders.settlement.services import settlement_ledger_lines

money = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("999999999999.99"), places=2)
rates = st.decimals(min_value=Decimal("0.0000"), max_value=Decimal("1.0000"), places=4)


@pytest.mark.parametrize(
    ("gross", "rate", "commission", "vat", "payout"),
    [
        ("1130.00", "0.015", "16.95", "130.00", "1113.05"),
        ("100.00", "0.015", "1.50", "11.50", "98.50"),
        ("0.01", "0.015", "0.00", "0.00", "0.01"),
        ("33.33", "0.015", "0.50", "3.83", "32.83"),  # 0.49995 rounds half-up to 0.50
        ("10.00", "0.0250", "0.25", "1.15", "9.75"),
        ("0.00", "0.015", "0.00", "0.00", "0.00"),
        ("999999999999.99", "0.015", "15000000000.00", "115044247787.61", "984999999999.99"),
        ("56.50", "0.1000", "5.65", "6.50", "50.85"),
        ("8.69", "0.0000", "0.00", "1.00", "8.69"),
    ],
)
def test_settlement_amounts_are_exact(gross: str, rate: str, commission: str, vat: str, payout: str) -> None:
    amounts = settlement_amounts(gross=Decimal(gross), commission_rate=Decimal(rate))
    assert (amounts.commission, amounts.vat, amounts.payout) == (Decimal(commission), Decimal(vat), Decimal(payout))


def test_vat_rounds_half_up_at_the_half_fen() -> None:
    # 0.565 × 13 / 113 = 0.065 exactly: half-up gives 0.07 where banker's rounding would give 0.06.
    assert settlement_amounts(gross=Decimal("0.565"), commission_rate=Decimal(0)).vat == Decimal("0.07")


@given(gross=money, rate=rates)
def test_payout_plus_commission_is_gross(gross: Decimal, rate: Decimal) -> None:
    amounts = settlement_amounts(gross=gross, commission_rate=rate)
    assert amounts.payout + amounts.commission == amounts.gross
    assert amounts.commission == (gross * rate).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert all(value.as_tuple().exponent == -2 for value in (amounts.commission, amounts.vat, amounts.payout))
    assert Decimal(0) <= amounts.vat <= amounts.gross


@given(gross=money, rate=rates)
def test_settlement_ledger_lines_balance(gross: Decimal, rate: Decimal) -> None:
    amounts = settlement_amounts(gross=gross, commission_rate=rate)
    lines = settlement_ledger_lines(order=SimpleNamespace(buyer_id=1, supplier_id=2), amounts=amounts)
    assert sum(line.debit for line in lines) == sum(line.credit for line in lines)
    assert all(line.debit >= 0 and line.credit >= 0 and not (line.debit and line.credit) for line in lines)
