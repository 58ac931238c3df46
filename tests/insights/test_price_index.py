"""The price index (methodology v1): the worked example of docs/price-index.md, the API, storage, barometer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.insights.models import PriceIndexDay
from marketplace.insights.prices.methodology import Trade, capped_weights, day_index, fences
from marketplace.insights.prices.services import price_index_recompute, price_index_recompute_recent
from marketplace.insights.prices.trades import china_today
from tests.factories import OrganizationFactory
from tests.insights.trades import brand, settled_trade

D = Decimal
INDEX = "/api/v1/price-index/"

# The worked example of docs/price-index.md: (brand, supplier, unit price, quantity).
EXAMPLE = [
    ("SKF", 1, "10.00", 100),
    ("ZWZ", 1, "10.20", 900),
    ("HRB", 2, "11.00", 100),
    ("NSK", 3, "10.50", 100),
    ("LYC", 3, "30.00", 10),
]


def example_trades(rows=EXAMPLE):
    return [Trade(order_line=i + 1, supplier=s, unit_price=D(p), quantity=q) for i, (_b, s, p, q) in enumerate(rows)]


def test_worked_example_all_tiers_by_hand():
    result = day_index(example_trades())
    assert fences([D("10.00"), D("10.20"), D("11.00"), D("10.50"), D("30.00")]) == (D("9.00"), D("12.20"))
    assert result.excluded == {5}
    assert (result.value, result.trades, result.quantity, result.outliers_excluded, result.suppliers) == (
        D("10.56"), 4, 1200, 1, 3,
    )  # fmt: skip


def test_worked_example_domestic_tier_has_too_few_trades_to_screen():
    domestic = [row for row in EXAMPLE if row[0] in {"ZWZ", "HRB", "LYC"}]
    result = day_index(example_trades(domestic))
    # Three trades: no screen; the cap spreads weight equally over the three suppliers.
    assert (result.value, result.outliers_excluded, result.suppliers) == (D("17.07"), 0, 3)


def test_worked_example_international_tier_has_no_value_with_two_trades():
    international = [row for row in EXAMPLE if row[0] in {"SKF", "NSK"}]
    result = day_index(example_trades(international))
    assert (result.value, result.trades, result.suppliers) == (None, 2, 2)


def test_the_counterparty_cap_shares_the_excess_in_proportion():
    weights = capped_weights({1: 700, 2: 200, 3: 100})
    # n = 3, cap = 1/3 of 1000; 1's excess 366.67 goes 2:1 to suppliers 2 and 3, then 2 is capped too.
    assert weights[1] == weights[2] == pytest.approx(D(1000) / 3)
    assert sum(weights.values()) == pytest.approx(D(1000))


def test_one_supplier_is_never_a_value_and_a_small_cap_uses_thirty_percent():
    one = [Trade(i, 1, D("5.00"), 10) for i in range(5)]
    assert day_index(one).value is None
    weights = capped_weights({k: 10 * k for k in range(1, 6)})  # n = 5: cap is 30 %, not 20 %
    assert max(weights.values()) <= D("0.30") * 150 + D("1e-20")


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(100, 100_000), st.integers(1, 1000)), min_size=0, max_size=25))
def test_a_value_lies_within_the_prices_used_and_weights_respect_the_cap(rows):
    trades = [Trade(i, s, D(p) / 100, q) for i, (s, p, q) in enumerate(rows)]
    result = day_index(trades)
    kept = [t for t in trades if t.order_line not in result.excluded]
    if result.value is not None:
        assert (
            min(t.unit_price for t in kept) - D("0.01") <= result.value <= max(t.unit_price for t in kept) + D("0.01")
        )
        assert result.trades >= 3
        assert result.suppliers >= 2
        by_supplier = {}
        for t in kept:
            by_supplier[t.supplier] = by_supplier.get(t.supplier, 0) + t.quantity
        weights = capped_weights(by_supplier)
        cap = max(D("0.30"), D(1) / len(by_supplier)) * sum(by_supplier.values())
        assert all(w <= cap * (1 + D("1e-20")) for w in weights.values())


def _example_market(day):
    suppliers = {k: OrganizationFactory(kind="supplier", status="verified", name=f"Supplier {k}") for k in (1, 2, 3)}
    for code in ("SKF", "NSK"):
        brand(code, "international")
    for code in ("ZWZ", "HRB", "LYC"):
        brand(code, "domestic")
    designations = {"SKF": "6205-2RSH", "ZWZ": "6205-2RS", "HRB": "6205-2RS", "NSK": "6205DDU", "LYC": "6205-2RS"}
    return [
        settled_trade(supplier=suppliers[s], designation=designations[b], brand_code=b, unit_price=p, quantity=q,
                      day=day)
        for b, s, p, q in EXAMPLE
    ]  # fmt: skip


@pytest.mark.django_db
def test_api_reproduces_the_worked_example_for_today_from_any_notation(make_client, buyer):
    today = china_today()
    _example_market(today)
    client = make_client(buyer)
    response = client.get(INDEX, {"designation": "NSK 6205DDU", "days": 3})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["base_designation"], body["canonical"], body["tier"], body["methodology"]) == (
        "6205", "6205-2RS", "all", "v1",
    )  # fmt: skip
    assert [item["date"] for item in body["series"]] == [str(today - timedelta(days=n)) for n in (2, 1, 0)]
    assert body["series"][0] == {
        "date": str(today - timedelta(days=2)), "value": None, "trades": 0, "quantity": 0,
        "outliers_excluded": 0, "suppliers": 0,
    }  # fmt: skip
    assert body["series"][-1] == {
        "date": str(today), "value": "10.56", "trades": 4, "quantity": 1200, "outliers_excluded": 1, "suppliers": 3,
    }  # fmt: skip
    domestic = client.get(INDEX, {"designation": "6205-2RS", "days": 1, "tier": "domestic"}).json()
    international = client.get(INDEX, {"designation": "6205-2RS", "days": 1, "tier": "international"}).json()
    assert domestic["series"][0]["value"] == "17.07"
    assert international["series"][0]["value"] is None


@pytest.mark.django_db
def test_stored_days_equal_the_on_demand_computation_and_a_day_is_dated_in_china_time(make_client, buyer):
    yesterday = china_today() - timedelta(days=1)
    _example_market(yesterday)
    # 23:30 China time yesterday is 15:30 UTC: still yesterday in the index.
    late = settled_trade(
        supplier=OrganizationFactory(kind="supplier", status="verified"), designation="6205-2RS",
        brand_code="ZWZ", unit_price="10.40", quantity=50, day=yesterday, hour=23,
    )  # fmt: skip
    client = make_client(buyer)
    live = client.get(INDEX, {"designation": "6205-2RS", "days": 2}).json()["series"][0]
    assert price_index_recompute_recent() > 0
    stored_row = PriceIndexDay.objects.get(canonical="6205-2RS", tier="all", day=yesterday)
    assert stored_row.trades == 5
    stored = client.get(INDEX, {"designation": "6205-2RS", "days": 2}).json()["series"][0]
    assert stored == live
    assert live["trades"] == 5
    assert late.order.settlement.settled_at.hour == 15  # UTC


@pytest.mark.django_db
def test_a_recompute_replaces_the_days_it_covers(buyer):
    day = china_today() - timedelta(days=3)
    _example_market(day)
    assert price_index_recompute(first=day, last=day) == 3  # all, international, domestic
    assert price_index_recompute(first=day, last=day) == 3
    assert PriceIndexDay.objects.filter(day=day).count() == 3


@pytest.mark.django_db
def test_explain_lists_the_trades_for_staff_and_is_forbidden_to_others(make_client, buyer):
    today = china_today()
    lines = _example_market(today)
    staff = make_client(None, is_staff=True)
    body = staff.get(INDEX, {"designation": "6205-2RS", "days": 1, "explain": "true"}).json()
    day = body["series"][0]
    assert day["trades_used"] == 4
    assert sorted((t["order_line"], t["excluded"]) for t in day["trades"]) == sorted(
        (line.pk, line.unit_price == D("30.00")) for line in lines
    )
    assert make_client(buyer).get(INDEX, {"designation": "6205-2RS", "explain": "true"}).status_code == 403


@pytest.mark.django_db
def test_the_public_series_names_no_buyer_or_supplier(make_client, buyer):
    lines = _example_market(china_today())
    body = make_client(buyer).get(INDEX, {"designation": "6205-2RS", "days": 1}).json()
    assert set(body["series"][0]) == {"date", "value", "trades", "quantity", "outliers_excluded", "suppliers"}
    text = str(body)
    for line in lines:
        assert line.order.supplier.name not in text
        assert line.order.buyer.name not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"designation": "not a bearing"}, "designation"),
        ({}, "designation"),
        ({"designation": "6205", "days": 0}, "days"),
        ({"designation": "6205", "days": 366}, "days"),
        ({"designation": "6205", "tier": "premium"}, "tier"),
    ],
)
def test_bad_queries_are_400_naming_the_field(make_client, buyer, params, field):
    response = make_client(buyer).get(INDEX, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    if params.get("designation") == "not a bearing":
        assert "not a bearing" in response.json()["errors"]["designation"][0]


@pytest.mark.django_db
def test_unauthenticated_is_401(api_client):
    assert api_client.get(INDEX, {"designation": "6205"}).status_code == 401
    assert api_client.get(f"{INDEX}barometer/").status_code == 401


@pytest.mark.django_db
def test_barometer_shows_traded_value_and_the_most_traded_with_changes(make_client, buyer):
    today = china_today()
    suppliers = [OrganizationFactory(kind="supplier", status="verified") for _ in range(3)]
    brand("ZWZ", "domestic")
    for days_back, price in ((10, "10.00"), (3, "11.00"), (0, "12.10")):
        for k, supplier in enumerate(suppliers):
            settled_trade(supplier=supplier, designation="6205-2RS", brand_code="ZWZ", unit_price=price,
                          quantity=10 + k, day=today - timedelta(days=days_back))  # fmt: skip
    settled_trade(supplier=suppliers[0], designation="6310", brand_code="ZWZ", unit_price="50.00", quantity=2,
                  day=today)  # fmt: skip
    body = make_client(buyer).get(f"{INDEX}barometer/").json()
    assert body["date"] == str(today)
    assert body["traded_value_today"] == "499.30"  # 12.10 × (10 + 11 + 12) + 50.00 × 2
    assert body["traded_value_7d"] == "862.30"  # + 11.00 × 33
    assert body["orders_7d"] == 7
    first, second = body["top"]
    assert (first["canonical"], first["trades_30d"], first["value"]) == ("6205-2RS", 9, "12.10")
    # Against the value 7 days before today (the one of 10 days ago, the last published by then): +21 %.
    assert first["change_7d"] == "0.2100"
    assert first["change_30d"] is None
    assert (second["canonical"], second["value"], second["change_7d"]) == ("6310", None, None)
