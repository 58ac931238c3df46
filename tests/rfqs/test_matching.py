"""The matching rules, one by one, through GET /rfqs/{id}/matches/, and the matcher's query count."""

from datetime import timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, rfq_body
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def first_line_matches(client: APIClient, rfq: dict[str, Any], **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"{RFQS}{rfq['id']}/matches/", params)
    assert response.status_code == 200, response.content
    return response.json()["lines"][0]["matches"]


def listing_ids(matches: list[dict[str, Any]]) -> list[int]:
    return [m["listing"] for m in matches]


def test_same_bearing_in_another_brands_notation_matches_as_equivalent(buyer_client, open_rfq):
    nsk = ListingFactory(brand="NSK", designation="6205DDU")
    rfq = open_rfq(line("6205-2RS", brand="SKF"))
    [match] = first_line_matches(buyer_client, rfq)
    assert match["listing"] == nsk.pk
    assert match["match_kind"] == "equivalent"
    assert match["brand"] == "NSK"
    assert match["designation"] == "6205DDU"


def test_the_lines_brand_matches_as_exact(buyer_client, open_rfq):
    skf = ListingFactory(brand="SKF", designation="6205-2RSH")
    rfq = open_rfq(line("6205-2RS", brand="SKF"))
    [match] = first_line_matches(buyer_client, rfq)
    assert (match["listing"], match["match_kind"]) == (skf.pk, "exact")


def test_line_without_brand_counts_every_brand_as_exact(buyer_client, open_rfq):
    ListingFactory(brand="NSK", designation="6205DDU")
    ListingFactory(brand="ZWZ", designation="6205-2RS")
    rfq = open_rfq(line("6205-2RS"))
    assert {m["match_kind"] for m in first_line_matches(buyer_client, rfq)} == {"exact"}


def test_different_seal_does_not_match(buyer_client, open_rfq):
    ListingFactory(designation="6205-2Z")
    rfq = open_rfq(line("6205-2RS"))
    assert first_line_matches(buyer_client, rfq) == []


def test_different_clearance_does_not_match(buyer_client, open_rfq):
    ListingFactory(designation="6205-2RS C3")
    rfq = open_rfq(line("6205-2RS"))
    assert first_line_matches(buyer_client, rfq) == []


def test_stated_clearance_field_applies_to_a_designation_line(buyer_client, open_rfq):
    c3 = ListingFactory(designation="6205-2RS C3")
    ListingFactory(designation="6205-2RS")
    rfq = open_rfq(line("6205-2RS", clearance="C3"))
    assert listing_ids(first_line_matches(buyer_client, rfq)) == [c3.pk]
    assert rfq["lines"][0]["clearance"] == "C3"


def test_variant_that_makes_another_bearing_does_not_match(buyer_client, open_rfq):
    ListingFactory(designation="22220K", brand="FAG")
    rfq = open_rfq(line("22220", quantity=2))
    assert first_line_matches(buyer_client, rfq) == []


def test_higher_precision_satisfies_a_lower_requirement(buyer_client, open_rfq):
    p5 = ListingFactory(designation="6205-2RS P5")
    rfq = open_rfq(line("6205-2RS P6"))
    assert listing_ids(first_line_matches(buyer_client, rfq)) == [p5.pk]


def test_lower_precision_does_not_satisfy_a_higher_requirement(buyer_client, open_rfq):
    ListingFactory(designation="6205-2RS P6")
    rfq = open_rfq(line("6205-2RS P5"))
    assert first_line_matches(buyer_client, rfq) == []


def test_moq_above_the_quantity_excludes_the_listing(buyer_client, open_rfq):
    ListingFactory(moq=500)
    fits = ListingFactory(moq=100)
    rfq = open_rfq(line(quantity=100))
    assert listing_ids(first_line_matches(buyer_client, rfq)) == [fits.pk]


def test_out_of_stock_with_lead_time_matches_without_covering(buyer_client, open_rfq):
    made_to_order = ListingFactory(quantity_on_hand=0, lead_time_days=20)
    rfq = open_rfq(line(quantity=100))
    [match] = first_line_matches(buyer_client, rfq)
    assert match["listing"] == made_to_order.pk
    assert match["covers_quantity"] is False
    assert match["quantity_available"] == 0


def test_made_to_order_covers_when_it_arrives_by_required_by(buyer_client, open_rfq):
    ListingFactory(quantity_on_hand=0, lead_time_days=20)
    in_time = (timezone.localdate() + timedelta(days=30)).isoformat()
    rfq = open_rfq(line(quantity=100, required_by=in_time))
    [match] = first_line_matches(buyer_client, rfq)
    assert match["covers_quantity"] is True


def test_no_stock_and_no_lead_time_is_excluded(buyer_client, open_rfq):
    ListingFactory(quantity_on_hand=0, lead_time_days=0)
    rfq = open_rfq(line())
    assert first_line_matches(buyer_client, rfq) == []


def test_buyers_own_listings_are_excluded(buyer_client, buyer, open_rfq):
    ListingFactory(supplier=buyer)
    rfq = open_rfq(line())
    assert first_line_matches(buyer_client, rfq) == []


def test_pending_suppliers_listings_are_excluded(buyer_client, open_rfq):
    ListingFactory(supplier=OrganizationFactory(kind="supplier", status="pending"))
    rfq = open_rfq(line())
    assert first_line_matches(buyer_client, rfq) == []


def test_inactive_listing_is_excluded(buyer_client, open_rfq):
    ListingFactory(is_active=False)
    rfq = open_rfq(line())
    assert first_line_matches(buyer_client, rfq) == []


def test_equivalents_off_keeps_only_the_lines_brand(buyer_client, open_rfq):
    ListingFactory(brand="NSK", designation="6205DDU")
    skf = ListingFactory(brand="SKF", designation="6205-2RSH")
    rfq = open_rfq(line("6205-2RS", brand="SKF", accept_equivalents=False))
    assert listing_ids(first_line_matches(buyer_client, rfq)) == [skf.pk]


def test_dimensional_line_matches_type_and_dimensions(buyer_client, open_rfq):
    ball = ListingFactory(designation="6205")
    ListingFactory(designation="6206")
    ListingFactory(designation="NU205", brand="FAG")  # 25×52×15 too, but a cylindrical roller bearing
    rfq = open_rfq(
        {
            "bearing_type": "deep_groove_ball",
            "bore_mm": "25",
            "outer_diameter_mm": "52",
            "width_mm": "15",
            "quantity": 10,
        }
    )
    [match] = first_line_matches(buyer_client, rfq)
    assert (match["listing"], match["match_kind"]) == (ball.pk, "dimensional")


def test_dimensional_line_with_a_stated_seal_needs_that_seal(buyer_client, open_rfq):
    sealed = ListingFactory(designation="6205-2RS")
    ListingFactory(designation="6205")
    rfq = open_rfq({"bore_mm": "25", "outer_diameter_mm": "52", "width_mm": "15", "seal": "2RS", "quantity": 10})
    assert listing_ids(first_line_matches(buyer_client, rfq)) == [sealed.pk]


def test_price_is_the_break_at_the_line_quantity(buyer_client, open_rfq):
    ListingFactory(breaks=[(1, "12.00"), (100, "10.00"), (1000, "8.00")])
    rfq = open_rfq(line(quantity=150))
    [match] = first_line_matches(buyer_client, rfq)
    assert (match["unit_price"], match["line_total"]) == ("10.00", "1500.00")


def test_ranking_covers_then_exact_then_price_then_score_then_lead_time(buyer_client, open_rfq):
    rated = OrganizationFactory(kind="supplier", status="verified", score=Decimal("90.00"), standing="excellent")
    unrated = OrganizationFactory(kind="supplier", status="verified", score=Decimal("60.00"), standing="fair")
    short_of_stock = ListingFactory(brand="SKF", designation="6205-2RSH", quantity_on_hand=10, price="1.00")
    equivalent_cheap = ListingFactory(brand="NSK", designation="6205DDU", price="5.00")
    exact_dear = ListingFactory(brand="SKF", designation="6205-2RSH", price="9.00", supplier=unrated)
    exact_same_price_better_rating = ListingFactory(
        brand="SKF", designation="6205-2RSH", price="9.00", supplier=rated, lead_time_days=9
    )
    exact_same_all_but_lead = ListingFactory(
        brand="SKF", designation="6205-2RSH", price="9.00", supplier=unrated, lead_time_days=0
    )
    exact_slow = ListingFactory(brand="SKF", designation="6205-2RSH", price="9.00", supplier=unrated, lead_time_days=5)
    exact_cheap = ListingFactory(brand="SKF", designation="6205-2RSH", price="8.00")
    rfq = open_rfq(line("6205-2RS", quantity=50, brand="SKF"))
    matches = first_line_matches(buyer_client, rfq)
    assert listing_ids(matches) == [
        exact_cheap.pk,
        exact_same_price_better_rating.pk,
        min(exact_dear.pk, exact_same_all_but_lead.pk),
        max(exact_dear.pk, exact_same_all_but_lead.pk),
        exact_slow.pk,
        equivalent_cheap.pk,
        short_of_stock.pk,
    ]
    scores = [m["score"] for m in matches]
    assert scores[2] == scores[3]  # equal on every ranking criterion
    distinct = scores[:3] + scores[4:]
    assert all(a > b for a, b in pairwise(distinct))
    assert matches[0]["covers_quantity"]
    assert not matches[-1]["covers_quantity"]


def test_limit_caps_matches_per_line(buyer_client, open_rfq):
    for _ in range(4):
        ListingFactory()
    rfq = open_rfq(line())
    assert len(first_line_matches(buyer_client, rfq, limit=2)) == 2


@pytest.mark.parametrize("limit", ["0", "-3", "abc", str(2**70)])
def test_bad_limit_is_400(buyer_client, open_rfq, limit):
    rfq = open_rfq(line())
    response = buyer_client.get(f"{RFQS}{rfq['id']}/matches/", {"limit": limit})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_limit_above_fifty_is_capped(buyer_client, open_rfq):
    for _ in range(3):
        ListingFactory()
    rfq = open_rfq(line())
    assert len(first_line_matches(buyer_client, rfq, limit=500)) == 3


def test_matches_are_404_for_another_buyer(make_client, open_rfq):
    rfq = open_rfq(line())
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    assert other.get(f"{RFQS}{rfq['id']}/matches/").status_code == 404


def test_matches_are_403_for_a_supplier(supplier_client, open_rfq):
    rfq = open_rfq(line())
    assert supplier_client.get(f"{RFQS}{rfq['id']}/matches/").status_code == 403


def _rfq_with_lines(client: APIClient, count: int) -> int:
    designations = ["6205-2RS", "6206ZZ", "NSK 6308DDU C3", "22220EK", "NU206ECP", "30205", "7205BEP", "UC205"]
    lines = [line(designations[i % len(designations)], quantity=10 + i) for i in range(count)]
    lines[-1] = {"bore_mm": "30", "outer_diameter_mm": "62", "width_mm": "16", "quantity": 5}
    response = client.post(RFQS, rfq_body(*lines), format="json")
    assert response.status_code == 201
    return response.json()["id"]


def test_matching_query_count_does_not_grow_with_lines(buyer_client, django_assert_max_num_queries):
    for designation, brand in [("6205-2RS", "SKF"), ("6206ZZ", "NSK"), ("22220EK", "FAG"), ("6206", "ZWZ")]:
        for _ in range(3):
            ListingFactory(designation=designation, brand=brand)
    small, large = _rfq_with_lines(buyer_client, 1), _rfq_with_lines(buyer_client, 50)
    budgets = []
    for rfq_id in (small, large):
        with django_assert_max_num_queries(12) as captured:
            response = buyer_client.get(f"{RFQS}{rfq_id}/matches/")
        assert response.status_code == 200
        budgets.append(len(captured.captured_queries))
    assert budgets[0] == budgets[1]
