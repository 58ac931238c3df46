from decimal import Decimal

import pytest

from catalog.selectors import listings_search, listings_visible_to
from tests.catalog.factories import ListingFactory
from tests.factories import OrganizationFactory

URL = "/api/v1/listings/"

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def market(supplier):
    other = OrganizationFactory(kind="supplier")
    return {
        "skf": ListingFactory(supplier=supplier, brand="SKF", designation="6205-2RSH/C3", unit_price="30.00"),
        "zwz": ListingFactory(supplier=other, brand="ZWZ", designation="6205-2RS/C3", unit_price="9.00"),
        "shield": ListingFactory(supplier=other, brand="SKF", designation="6205-2Z", unit_price="20.00"),
        "cn": ListingFactory(supplier=other, brand="SKF", designation="6205-2RSH", unit_price="21.00"),
        "other": ListingFactory(supplier=other, brand="NSK", designation="6206DDU", unit_price="15.00"),
        "special": ListingFactory(supplier=other, brand="HRB", designation="XK-99 SPECIAL", unit_price="5.00"),
    }


def test_designation_in_another_brands_notation_finds_every_brand(buyer_client, market) -> None:
    found = ids(buyer_client.get(URL, {"q": "NSK 6205DDU C3"}))
    assert set(found) == {market["skf"].pk, market["zwz"].pk}


def test_search_does_not_mix_seals_or_clearances(buyer_client, market) -> None:
    found = ids(buyer_client.get(URL, {"q": "6205-2Z"}))
    assert found == [market["shield"].pk]


def test_old_chinese_designation_finds_modern_listings(buyer_client, market) -> None:
    found = ids(buyer_client.get(URL, {"q": "180205"}))
    assert found == [market["cn"].pk]


def test_higher_precision_satisfies_lower_requirement(buyer_client, supplier) -> None:
    p5 = ListingFactory(supplier=supplier, designation="6205/P5")
    p0 = ListingFactory(supplier=supplier, designation="6205")
    assert set(ids(buyer_client.get(URL, {"q": "6205"}))) == {p5.pk, p0.pk}
    assert ids(buyer_client.get(URL, {"q": "6205 P5"})) == [p5.pk]


def test_unrecognized_text_is_searched_by_folded_substring(buyer_client, market) -> None:
    assert ids(buyer_client.get(URL, {"q": "xk 99"})) == [market["special"].pk]
    assert ids(buyer_client.get(URL, {"q": "99 special"})) == [market["special"].pk]
    assert ids(buyer_client.get(URL, {"q": "zz-nothing-zz"})) == []


def test_short_unrecognized_text_matches_by_prefix(buyer_client, market) -> None:
    assert ids(buyer_client.get(URL, {"q": "XK"})) == [market["special"].pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"brand": "ZWZ"}, {"zwz"}),
        ({"brand": "瓦轴"}, {"zwz"}),
        ({"brand": "nsk"}, {"other"}),
        ({"bearing_type": "deep_groove_ball", "seal": "2Z"}, {"shield"}),
        ({"clearance": "C3"}, {"skf", "zwz"}),
        ({"bore_mm": "30"}, {"other"}),
        ({"bore_mm": "25", "outer_diameter_mm": "52", "width_mm": "15", "seal": "2RS"}, {"skf", "zwz", "cn"}),
    ],
)
def test_filters(buyer_client, market, params, expected) -> None:
    assert set(ids(buyer_client.get(URL, params))) == {market[name].pk for name in expected}


def test_supplier_filter(buyer_client, market, supplier) -> None:
    assert ids(buyer_client.get(URL, {"supplier": supplier.pk})) == [market["skf"].pk]


def test_in_stock_filter(buyer_client, supplier) -> None:
    stocked = ListingFactory(supplier=supplier, quantity_available=5)
    ListingFactory(supplier=supplier, quantity_available=0, lead_time_days=20)
    assert ids(buyer_client.get(URL, {"in_stock": "true"})) == [stocked.pk]


def test_ordering_by_unit_price(buyer_client, market) -> None:
    prices = [row["unit_price"] for row in buyer_client.get(URL, {"ordering": "unit_price"}).json()["results"]]
    assert prices == sorted(prices, key=Decimal)


def test_ordering_by_quantity_descending_and_lead_time(buyer_client, supplier) -> None:
    a = ListingFactory(supplier=supplier, quantity_available=5, lead_time_days=9)
    b = ListingFactory(supplier=supplier, quantity_available=50, lead_time_days=1)
    c = ListingFactory(supplier=supplier, quantity_available=50, lead_time_days=3)
    assert ids(buyer_client.get(URL, {"ordering": "-quantity_available"})) == [b.pk, c.pk, a.pk]
    assert ids(buyer_client.get(URL, {"ordering": "lead_time_days"})) == [b.pk, c.pk, a.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bearing_type": "hovercraft"}, "bearing_type"),
        ({"seal": "3RS"}, "seal"),
        ({"clearance": "C9"}, "clearance"),
        ({"brand": "ACME"}, "brand"),
        ({"bore_mm": "wide"}, "bore_mm"),
        ({"bore_mm": "1e99"}, "bore_mm"),
        ({"width_mm": "-1"}, "width_mm"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"supplier": "x"}, "supplier"),
        ({"supplier": str(2**70)}, "supplier"),
        ({"ordering": "sku"}, "ordering"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(buyer_client, params, field) -> None:
    response = buyer_client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_pagination_shape_and_page_size(buyer_client, supplier) -> None:
    for _ in range(3):
        ListingFactory(supplier=supplier)
    body = buyer_client.get(URL, {"page_size": 2}).json()
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 2
    assert body["next"] is not None
    assert len(buyer_client.get(body["next"]).json()["results"]) == 1


def test_list_query_count_does_not_grow_with_rows(buyer_client, supplier, django_assert_max_num_queries) -> None:
    for n in range(30):
        ListingFactory(
            supplier=OrganizationFactory(kind="supplier") if n % 3 else supplier,
            price_breaks=[{"min_quantity": 1, "unit_price": "2.00"}, {"min_quantity": 10, "unit_price": "1.50"}],
        )
    with django_assert_max_num_queries(3):
        response = buyer_client.get(URL, {"q": "6205-2RS C3", "ordering": "unit_price"})
    assert len(response.json()["results"]) == 30
    assert all(len(row["price_breaks"]) == 2 for row in response.json()["results"])


def test_selector_scopes_visibility(market, supplier) -> None:
    pending = OrganizationFactory(kind="supplier", status="pending")
    hidden = ListingFactory(supplier=pending)
    assert hidden.pk not in set(listings_visible_to(None).values_list("id", flat=True))
    assert hidden.pk in set(listings_visible_to(pending).values_list("id", flat=True))
    found = listings_search(org=None, params={"q": "6205-2RS C3", "ordering": "unit_price"})
    assert [listing.pk for listing in found] == [market["zwz"].pk, market["skf"].pk]
