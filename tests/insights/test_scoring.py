"""The scorecard arithmetic without the database: components, shrinkage toward 70, standings."""

from decimal import Decimal

import pytest

from marketplace.insights.scorecards.scoring import Counts, fell, scorecard, shrink, speed_fraction, standing_for


def test_empty_history_scores_the_prior_and_is_new() -> None:
    result = scorecard(Counts())
    assert result.score == Decimal("70.00")
    assert result.standing == "new"
    assert [c["value"] for c in result.components] == [None] * 5
    assert sum(Decimal(c["points"]) for c in result.components) == Decimal(70)
    assert sum(Decimal(c["weight"]) for c in result.components) == Decimal(100)


@pytest.mark.parametrize(
    ("raw", "n", "expected"),
    [
        (Decimal(100), 0, Decimal("70.00")),
        (Decimal(100), 1, Decimal("72.73")),  # (100 + 700) / 11 = 72.727…
        (Decimal(100), 10, Decimal("85.00")),
        (Decimal(40), 30, Decimal("47.50")),  # (1200 + 700) / 40
        (Decimal(0), 90, Decimal("7.00")),  # (0 + 700) / 100
    ],
)
def test_shrinkage_toward_70_by_completed_orders(raw, n, expected) -> None:
    assert shrink(raw, n) == expected


def test_one_perfect_order_does_not_make_a_supplier_excellent() -> None:
    result = scorecard(
        Counts(shipped=1, shipped_on_time=1, placed=1, completed=1, invitations=1, answered_in_time=1,
               median_response_hours=Decimal(1))
    )  # fmt: skip
    assert result.score == Decimal("72.73")
    assert result.standing == "new"


@pytest.mark.parametrize(
    ("score", "n", "standing"),
    [
        (Decimal(95), 4, "new"),
        (Decimal(85), 5, "excellent"),
        (Decimal("84.99"), 5, "good"),
        (Decimal(70), 50, "good"),
        (Decimal("69.99"), 50, "fair"),
        (Decimal(50), 50, "fair"),
        (Decimal("49.99"), 50, "poor"),
    ],
)
def test_standings(score, n, standing) -> None:
    assert standing_for(score, n) == standing


def test_hand_computed_scorecard() -> None:
    counts = Counts(
        shipped=10, shipped_on_time=8, placed=14, cancelled_by_supplier=3, invitations=4, answered_in_time=2,
        median_response_hours=Decimal(6), completed=10, refunded=1,
    )  # fmt: skip
    result = scorecard(counts)
    assert result.on_time_rate == Decimal("0.8000")
    assert result.fill_rate == Decimal("0.7857")
    assert result.quote_response_rate == Decimal("0.5000")
    assert result.median_quote_response_hours == Decimal("6.00")
    assert result.claim_rate == Decimal("0.1000")
    points = {c["name"]: c["points"] for c in result.components}
    # 30×0.8, 25×0.7857, 20×(1−0.1), 15×0.5, 10×(72−6)/(72−4)
    assert points == {
        "on_time_rate": "24.00",
        "fill_rate": "19.64",
        "claim_rate": "18.00",
        "quote_response_rate": "7.50",
        "median_quote_response_hours": "9.71",
    }
    # raw 78.85; (10 × 78.85 + 700) / 20 = 74.425
    assert result.score == Decimal("74.43")
    assert result.standing == "good"


@pytest.mark.parametrize(
    ("hours", "fraction"),
    [(Decimal(0), 1), (Decimal(4), 1), (Decimal(38), Decimal("0.5")), (Decimal(72), 0), (Decimal(500), 0)],
)
def test_response_speed(hours, fraction) -> None:
    assert speed_fraction(hours) == fraction


def test_standing_fell() -> None:
    assert fell("excellent", "good")
    assert fell("good", "poor")
    assert fell("new", "fair")
    assert not fell("fair", "good")
    assert not fell("good", "new")
    assert not fell("", "poor")
