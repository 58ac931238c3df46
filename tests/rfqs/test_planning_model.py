"""The award plan's pure model against brute force, the greedy reference and hand-worked cases."""

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.rfqs.planning import Offer, PlanLine, greedy_plan, greedy_total, limited_start, plan_cost, solve_plan
from marketplace.rfqs.planning.model import Take

D = Decimal


def offer(line_id, supplier_id, listing_id, capacity, breaks, *, moq=1, kind="listing"):
    return Offer(
        line_id=line_id,
        supplier_id=supplier_id,
        source=(kind, listing_id),
        capacity=capacity,
        breaks=tuple((q, D(p)) for q, p in breaks),
        moq=moq,
    )


def brute_force(lines, offers, max_suppliers, per_supplier_cost):
    """The least total over every assignment of quantities to offers (tiny instances only)."""
    quantity = {line.id: line.quantity for line in lines}
    ranges = [range(min(o.capacity, quantity.get(o.line_id, 0)) + 1) for o in offers]
    best = None
    for amounts in itertools.product(*ranges):
        filled = dict.fromkeys(quantity, 0)
        used: dict = {}
        takes = []
        ok = True
        for o, amount in zip(offers, amounts, strict=True):
            if amount == 0:
                continue
            price = o.price_at(amount)
            if price is None:
                ok = False
                break
            filled[o.line_id] += amount
            used[o.source] = used.get(o.source, 0) + amount
            takes.append(Take(offer=o, quantity=amount, unit_price=price))
        if not ok or filled != quantity:
            continue
        if any(used[o.source] > o.capacity for o in offers if o.source in used):
            continue
        if max_suppliers is not None and len({t.offer.supplier_id for t in takes}) > max_suppliers:
            continue
        cost = plan_cost(takes, per_supplier_cost)
        if best is None or cost < best:
            best = cost
    return best


@st.composite
def instances(draw):
    lines = [PlanLine(id=i + 1, quantity=draw(st.integers(1, 4))) for i in range(draw(st.integers(1, 2)))]
    offers = []
    for index in range(draw(st.integers(0, 4))):
        line = draw(st.sampled_from(lines))
        first = draw(st.integers(1, 2))
        prices = sorted((draw(st.integers(100, 999)) for _ in range(draw(st.integers(1, 2)))), reverse=True)
        breaks = [(first + 2 * k, D(p) / 100) for k, p in enumerate(prices)]
        # Some offers draw on a listing that also serves the other line (shared stock).
        source = draw(st.integers(1, 3))
        offers.append(offer(line.id, draw(st.integers(1, 3)), source * 10 + (index if source == 3 else 0), 0, breaks))
    capacity = {o.source: draw(st.integers(0, 5)) for o in offers}
    offers = [
        Offer(o.line_id, o.supplier_id, o.source, capacity[o.source], o.breaks, draw(st.integers(1, 2))) for o in offers
    ]
    max_suppliers = draw(st.one_of(st.none(), st.integers(1, 3)))
    cost = D(draw(st.integers(0, 300))) / 100
    return lines, offers, max_suppliers, cost


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_plan_equals_brute_force_on_small_random_instances(instance):
    lines, offers, max_suppliers, cost = instance
    plan = solve_plan(lines=lines, offers=offers, max_suppliers=max_suppliers, per_supplier_cost=cost)
    best = brute_force(lines, offers, max_suppliers, cost)
    if best is None:
        assert plan.status == "infeasible"
        assert plan.unfilled
    else:
        assert plan.status == "optimal"
        assert plan_cost(plan.takes, cost) == best
        greedy = greedy_total(lines=lines, offers=offers, max_suppliers=max_suppliers, per_supplier_cost=cost)
        assert greedy is None or greedy >= best


@settings(max_examples=60, deadline=None)
@given(instances())
def test_a_plan_respects_stock_moq_and_the_supplier_limit(instance):
    lines, offers, max_suppliers, cost = instance
    plan = solve_plan(lines=lines, offers=offers, max_suppliers=max_suppliers, per_supplier_cost=cost)
    used: dict = {}
    for take in plan.takes:
        assert take.quantity >= take.offer.moq
        assert take.unit_price == take.offer.price_at(take.quantity)
        used[take.offer.source] = used.get(take.offer.source, 0) + take.quantity
    for o in offers:
        assert used.get(o.source, 0) <= o.capacity
    if max_suppliers is not None:
        assert len(plan.suppliers) <= max_suppliers
    if plan.status == "optimal":
        for line in lines:
            assert sum(t.quantity for t in plan.takes if t.offer.line_id == line.id) == line.quantity


def test_all_units_break_makes_buying_more_from_one_offer_cheaper_than_splitting():
    # 100 from A at the 100+ break (8.00) beats 60 from A at 10.00 + 40 from B at 9.00.
    lines = [PlanLine(1, 100)]
    offers = [offer(1, 1, 1, 100, [(1, "10.00"), (100, "8.00")]), offer(1, 2, 2, 40, [(1, "9.00")])]
    plan = solve_plan(lines=lines, offers=offers)
    assert [(t.offer.source, t.quantity, t.unit_price) for t in plan.takes] == [(("listing", 1), 100, D("8.00"))]
    assert plan.goods_total == D("800.00")


def test_per_supplier_cost_consolidates_and_beats_the_greedy_reference():
    lines = [PlanLine(1, 10), PlanLine(2, 10)]
    offers = [
        offer(1, 1, 1, 10, [(1, "5.00")]),
        offer(1, 2, 2, 10, [(1, "5.50")]),
        offer(2, 3, 3, 10, [(1, "5.00")]),
        offer(2, 2, 4, 10, [(1, "5.50")]),
    ]
    plan = solve_plan(lines=lines, offers=offers, per_supplier_cost=D("50.00"))
    assert plan.suppliers == [2]
    assert plan_cost(plan.takes, D("50.00")) == D("160.00")
    assert greedy_total(lines=lines, offers=offers, max_suppliers=None, per_supplier_cost=D("50.00")) == D("200.00")


def test_shared_listing_stock_is_split_between_the_lines_it_serves():
    lines = [PlanLine(1, 6), PlanLine(2, 6)]
    offers = [
        offer(1, 1, 7, 8, [(1, "1.00")]),
        offer(2, 1, 7, 8, [(1, "1.00")]),
        offer(1, 2, 8, 10, [(1, "3.00")]),
        offer(2, 2, 9, 10, [(1, "2.00")]),
    ]
    plan = solve_plan(lines=lines, offers=offers)
    from_shared = sum(t.quantity for t in plan.takes if t.offer.source == ("listing", 7))
    assert from_shared == 8
    # The scarce cheap stock goes first where the alternative is dearer: all 6 of line 1, 2 of line 2.
    line_one = [(t.offer.source, t.quantity) for t in plan.takes if t.offer.line_id == 1]
    assert line_one == [(("listing", 7), 6)]
    assert plan_cost(plan.takes, D(0)) == D("6.00") + D("2.00") + D("8.00")


def test_moq_above_what_is_needed_excludes_the_offer():
    lines = [PlanLine(1, 5)]
    plan = solve_plan(lines=lines, offers=[offer(1, 1, 1, 100, [(1, "1.00")], moq=10)])
    assert plan.status == "infeasible"
    assert plan.unfilled == {1: 5}


def test_max_suppliers_makes_an_instance_infeasible_and_names_what_cannot_be_filled():
    lines = [PlanLine(1, 5), PlanLine(2, 5)]
    offers = [offer(1, 1, 1, 5, [(1, "1.00")]), offer(2, 2, 2, 5, [(1, "1.00")])]
    plan = solve_plan(lines=lines, offers=offers, max_suppliers=1)
    assert plan.status == "infeasible"
    assert sum(plan.unfilled.values()) == 5


def test_no_offers_at_all_is_infeasible_with_every_line_unfilled():
    plan = solve_plan(lines=[PlanLine(1, 3), PlanLine(2, 4)], offers=[])
    assert plan.status == "infeasible"
    assert plan.unfilled == {1: 3, 2: 4}
    assert plan.takes == []


def test_greedy_takes_each_line_from_its_cheapest_offer_in_turn():
    lines = [PlanLine(1, 10)]
    offers = [offer(1, 1, 1, 4, [(1, "2.00")]), offer(1, 2, 2, 10, [(1, "3.00")])]
    takes = greedy_plan(lines=lines, offers=offers)
    assert [(t.offer.source[1], t.quantity) for t in takes] == [(1, 4), (2, 6)]


def test_price_at_follows_the_largest_break_not_above_the_quantity():
    o = offer(1, 1, 1, 100, [(1, "10.00"), (50, "9.00"), (100, "8.00")], moq=5)
    assert [o.price_at(q) for q in (4, 5, 49, 50, 99, 100)] == [
        None,
        D("10.00"),
        D("10.00"),
        D("9.00"),
        D("9.00"),
        D("8.00"),
    ]


def test_limited_start_picks_suppliers_that_fill_every_line_within_the_limit():
    lines = [PlanLine(1, 10), PlanLine(2, 10), PlanLine(3, 10)]
    offers = [
        offer(1, 1, 1, 10, [(1, "1.00")]),
        offer(2, 1, 2, 10, [(1, "1.00")]),
        offer(3, 2, 3, 10, [(1, "1.00")]),
        offer(1, 3, 4, 10, [(1, "0.50")]),
        offer(2, 4, 5, 10, [(1, "0.50")]),
        offer(3, 5, 6, 10, [(1, "0.50")]),
    ]
    takes = limited_start(lines=lines, offers=offers, max_suppliers=2)
    assert {t.offer.supplier_id for t in takes} == {1, 5}  # 1 fills two lines; 5 is the cheaper for the third
    assert greedy_plan(lines=lines, offers=offers, max_suppliers=2) is None
    plan = solve_plan(lines=lines, offers=offers, max_suppliers=2, start=takes)
    assert plan.status == "optimal"
    assert plan_cost(plan.takes, D(0)) == D("25.00")  # 20 units from supplier 1, 10 at 0.50 from 5


def test_a_supplier_with_two_offers_for_one_line_can_fill_it_under_a_supplier_limit():
    # Neither listing alone covers the 4 units; together they do, from one supplier.
    lines = [PlanLine(1, 4)]
    offers = [offer(1, 1, 1, 2, [(1, "1.00")]), offer(1, 1, 2, 2, [(1, "1.50")])]
    plan = solve_plan(lines=lines, offers=offers, max_suppliers=1)
    assert plan.status == "optimal"
    assert plan_cost(plan.takes, D(0)) == D("5.00")
