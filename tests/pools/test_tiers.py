"""The tier arithmetic and the settling rule, without a database."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from marketplace.pools.tiers import Pledge, Tier, settle, tier_after, tier_for, tiers_problems

TIERS = [Tier(100, Decimal("10.00")), Tier(200, Decimal("9.00")), Tier(500, Decimal("8.00"))]


def keys(pledges: list[Pledge]) -> list[str]:
    return sorted(str(p.key) for p in pledges)


def test_valid_tiers_have_no_problems() -> None:
    assert tiers_problems(TIERS) == {}


def test_tiers_not_ascending_are_named_by_index() -> None:
    problems = tiers_problems([Tier(200, Decimal("10")), Tier(100, Decimal("9"))])
    assert problems == {"tiers.1.min_total_quantity": ["not_ascending"]}


def test_equal_quantities_are_not_ascending() -> None:
    assert "tiers.1.min_total_quantity" in tiers_problems([Tier(100, Decimal("10")), Tier(100, Decimal("9"))])


def test_equal_prices_are_not_strictly_falling() -> None:
    problems = tiers_problems([Tier(100, Decimal("10")), Tier(200, Decimal("10"))])
    assert problems == {"tiers.1.unit_price": ["not_falling"]}


def test_rising_price_is_refused_and_empty_tiers_are_required() -> None:
    assert tiers_problems([Tier(100, Decimal("10")), Tier(200, Decimal("11"))]) == {
        "tiers.1.unit_price": ["not_falling"]
    }
    assert tiers_problems([]) == {"tiers": ["required"]}


def test_zero_quantity_and_price_are_below_minimum() -> None:
    assert tiers_problems([Tier(0, Decimal("0"))]) == {
        "tiers.0.min_total_quantity": ["min_value"],
        "tiers.0.unit_price": ["min_value"],
    }


def test_tier_for_and_tier_after_around_the_thresholds() -> None:
    assert tier_for(TIERS, 99) is None
    assert tier_after(TIERS, 99) == TIERS[0]
    assert tier_for(TIERS, 100) == TIERS[0]
    assert tier_after(TIERS, 100) == TIERS[1]
    assert tier_for(TIERS, 499) == TIERS[1]
    assert tier_for(TIERS, 10_000) == TIERS[2]
    assert tier_after(TIERS, 500) is None


def test_settle_keeps_everyone_when_no_maximum_is_below_the_price() -> None:
    outcome = settle(TIERS, [Pledge("a", 300), Pledge("b", 250, Decimal("8.00"))])
    assert outcome.tier == TIERS[2]
    assert keys(outcome.kept) == ["a", "b"]
    assert outcome.priced_out == []
    assert outcome.total_quantity == 550


def test_settle_below_the_first_tier_fails() -> None:
    outcome = settle(TIERS, [Pledge("a", 50), Pledge("b", 49)])
    assert outcome.tier is None


def test_a_drop_out_raises_the_price_and_cascades_to_the_next_buyer() -> None:
    # 550 reaches 8.00; c (max 7.50) drops → 400 at 9.00; b (max 8.50) drops → 250 at 9.00 … stable.
    pledges = [Pledge("a", 250), Pledge("b", 150, Decimal("8.50")), Pledge("c", 150, Decimal("7.50"))]
    outcome = settle(TIERS, pledges)
    assert outcome.tier == TIERS[1]
    assert keys(outcome.kept) == ["a"]
    assert keys(outcome.priced_out) == ["b", "c"]
    assert outcome.total_quantity == 250


def test_a_cascade_that_ends_below_the_first_tier_fails() -> None:
    # 210 at 9.00: b (max 8.00) drops → 110 at 10.00; a (max 9.50) drops → 0: failed.
    pledges = [Pledge("a", 110, Decimal("9.50")), Pledge("b", 100, Decimal("8.00"))]
    outcome = settle(TIERS, pledges)
    assert outcome.tier is None
    assert keys(outcome.priced_out) == ["a", "b"]


def test_a_maximum_equal_to_the_price_stays_in() -> None:
    outcome = settle(TIERS, [Pledge("a", 200, Decimal("9.00"))])
    assert outcome.tier == TIERS[1]
    assert keys(outcome.kept) == ["a"]


pledge_lists = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=400),
        st.one_of(st.none(), st.decimals(min_value=Decimal("7.00"), max_value=Decimal("11.00"), places=2)),
    ),
    max_size=12,
)


@given(pledge_lists)
def test_settled_outcome_is_stable_and_everyone_kept_accepts_the_price(raw: list) -> None:
    pledges = [Pledge(i, q, m) for i, (q, m) in enumerate(raw)]
    outcome = settle(TIERS, pledges)
    assert sorted(p.key for p in outcome.kept + outcome.priced_out) == list(range(len(pledges)))
    if outcome.tier is None:
        assert outcome.total_quantity < TIERS[0].min_total_quantity
        return
    assert outcome.tier == tier_for(TIERS, outcome.total_quantity)
    assert all(p.accepts(outcome.tier.unit_price) for p in outcome.kept)
    # Whoever dropped out would not accept the final price either (the price only rises).
    assert all(not p.accepts(outcome.tier.unit_price) for p in outcome.priced_out)
