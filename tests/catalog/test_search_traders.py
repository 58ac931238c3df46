"""Search as traders type it: a brand in q ranks, a bare base is the family, explicit filters win,
sizes as text, exact SKUs; still one query for the listings."""

import pytest

from tests.catalog.factories import ListingFactory
from tests.factories import OrganizationFactory

URL = "/api/v1/listings/"

pytestmark = pytest.mark.django_db


def skus(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["sku"] for row in response.json()["results"]]


@pytest.fixture
def family(supplier):
    other = OrganizationFactory(kind="supplier", status="verified")
    make = ListingFactory
    return [
        make(supplier=other, sku="skf-2rs", brand="SKF", designation="6205-2RSH"),
        make(supplier=other, sku="nsk-open", brand="NSK", designation="6205"),
        make(supplier=supplier, sku="hrb-open", brand="HRB", designation="6205"),
        make(supplier=other, sku="nsk-2rs-c3", brand="NSK", designation="6205DDUC3"),
        make(supplier=other, sku="hrb-2z", brand="HRB", designation="6205-2Z"),
        make(supplier=other, sku="skf-open-c3", brand="SKF", designation="6205 C3"),
        make(supplier=other, sku="nsk-6206", brand="NSK", designation="6206"),
        make(supplier=other, sku="skf-k", brand="SKF", designation="6205 K"),
    ]


def test_a_bare_base_is_the_family_with_plain_ones_first(buyer_client, family) -> None:
    found = skus(buyer_client.get(URL, {"q": "6205"}))
    assert set(found) == {"skf-2rs", "nsk-open", "hrb-open", "nsk-2rs-c3", "hrb-2z", "skf-open-c3"}
    assert set(found[:2]) == {"nsk-open", "hrb-open"}


def test_a_bare_base_with_an_explicit_seal_finds_the_sealed_ones(buyer_client, family) -> None:
    assert set(skus(buyer_client.get(URL, {"q": "6205", "seal": "2RS"}))) == {"skf-2rs", "nsk-2rs-c3"}
    assert skus(buyer_client.get(URL, {"q": "6205", "clearance": "C3", "seal": "open"})) == ["skf-open-c3"]


def test_explicit_filters_win_over_what_q_implies(buyer_client, family) -> None:
    # q says 2RS C3; the explicit seal and clearance replace what it implies.
    assert skus(buyer_client.get(URL, {"q": "NSK 6205DDU C3", "seal": "2Z", "clearance": "CN"})) == ["hrb-2z"]


def test_the_brand_in_q_ranks_it_first_without_hiding_others(buyer_client, family) -> None:
    assert skus(buyer_client.get(URL, {"q": "NSK 6205DDU"})) == ["skf-2rs"]  # the only 2RS CN; NSK's is C3
    found = skus(buyer_client.get(URL, {"q": "NSK 6205DDU C3"}))
    assert found == ["nsk-2rs-c3"]
    found = skus(buyer_client.get(URL, {"q": "哈轴 6205"}))
    assert found[0] == "hrb-open"
    assert set(found) == {"skf-2rs", "nsk-open", "hrb-open", "nsk-2rs-c3", "hrb-2z", "skf-open-c3"}
    assert found.index("hrb-2z") < found.index("skf-2rs")  # the brand ranks before the plain variant
    found = skus(buyer_client.get(URL, {"q": "NSK 6205"}))
    assert found[:2] == ["nsk-open", "nsk-2rs-c3"]


def test_the_brand_ranks_within_an_explicit_ordering(buyer_client, supplier) -> None:
    ListingFactory(supplier=supplier, sku="a", brand="SKF", designation="6205", unit_price="5.00")
    ListingFactory(supplier=supplier, sku="b", brand="NSK", designation="6205", unit_price="5.00")
    ListingFactory(supplier=supplier, sku="c", brand="SKF", designation="6205", unit_price="4.00")
    assert skus(buyer_client.get(URL, {"q": "NSK 6205", "ordering": "unit_price"})) == ["c", "b", "a"]


@pytest.mark.parametrize("text", ["25x52x15", "25*52*15", "25×52×15", "d25 D52 B15", "25 X 52 X 15 mm"])
def test_size_text_searches_by_dimensions(buyer_client, family, text) -> None:
    found = set(skus(buyer_client.get(URL, {"q": text})))
    assert "nsk-6206" not in found
    assert {"skf-2rs", "nsk-open", "hrb-2z", "skf-k"} <= found


def test_size_text_with_an_explicit_seal(buyer_client, family) -> None:
    assert skus(buyer_client.get(URL, {"q": "25x52x15", "seal": "2Z"})) == ["hrb-2z"]


def test_an_exact_sku_of_a_visible_listing_finds_it(buyer_client, family) -> None:
    assert skus(buyer_client.get(URL, {"q": "nsk-6206"})) == ["nsk-6206"]
    pending = OrganizationFactory(kind="supplier", status="pending")
    ListingFactory(supplier=pending, sku="HIDDEN-1")
    assert skus(buyer_client.get(URL, {"q": "HIDDEN-1"})) == []


def test_family_search_is_one_query_for_the_listings(buyer_client, family, django_assert_max_num_queries) -> None:
    for params in ({"q": "哈轴 6205", "seal": "2RS"}, {"q": "25x52x15"}, {"q": "nsk-6206"}):
        with django_assert_max_num_queries(3) as captured:
            response = buyer_client.get(URL, params)
        assert response.status_code == 200
        listing_queries = [q for q in captured.captured_queries if 'FROM "catalog_listing"' in q["sql"]]
        assert len(listing_queries) == 1
