"""Trust in matching: supplier scores rank and filter, stale stock never covers, authorised-only lines."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import BrandAuthorization, Listing
from marketplace.rfqs.models import RfqInvitation
from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line
from tests.rfqs.factories import ListingFactory, brand

pytestmark = pytest.mark.django_db


def matches_of(client: APIClient, rfq: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.get(f"{RFQS}{rfq['id']}/matches/")
    assert response.status_code == 200, response.content
    return response.json()["lines"][0]["matches"]


def supplier(score: str, standing: str) -> Any:
    return OrganizationFactory(kind="supplier", status="verified", score=Decimal(score), standing=standing)


def authorize(org: Any, code: str, *, valid_days: int = 30, status: str = "verified") -> None:
    BrandAuthorization.objects.create(
        supplier=org,
        brand=brand(code),
        status=status,
        valid_until=timezone.localdate() + timedelta(days=valid_days),
        document_size=1,
    )


def make_stale(listing: Listing, days: int = 15) -> None:
    Listing.objects.filter(pk=listing.pk).update(stock_confirmed_at=timezone.now() - timedelta(days=days))


def test_matches_carry_supplier_score_standing_stock_status_and_authorized(buyer_client, open_rfq):
    org = supplier("88.50", "excellent")
    authorize(org, "SKF")
    ListingFactory(supplier=org, brand="SKF", designation="6205-2RSH")
    [match] = matches_of(buyer_client, open_rfq(line("6205-2RS")))
    assert (match["supplier_score"], match["supplier_standing"]) == ("88.50", "excellent")
    assert (match["stock_status"], match["authorized"]) == ("fresh", True)


def test_new_supplier_counts_as_70_in_matches(buyer_client, open_rfq):
    ListingFactory(supplier=supplier("95.00", "new"))
    [match] = matches_of(buyer_client, open_rfq(line("6205-2RS")))
    assert (match["supplier_score"], match["supplier_standing"]) == ("70.00", "new")


def test_higher_score_ranks_first_at_equal_price(buyer_client, open_rfq):
    fair = ListingFactory(supplier=supplier("55.00", "fair"), price="9.00")
    excellent = ListingFactory(supplier=supplier("91.00", "excellent"), price="9.00")
    new = ListingFactory(supplier=supplier("99.00", "new"), price="9.00")  # counts as 70
    good = ListingFactory(supplier=supplier("75.00", "good"), price="9.00")
    found = [m["listing"] for m in matches_of(buyer_client, open_rfq(line("6205-2RS")))]
    assert found == [excellent.pk, good.pk, new.pk, fair.pk]


def test_price_still_beats_score(buyer_client, open_rfq):
    dear = ListingFactory(supplier=supplier("95.00", "excellent"), price="9.00")
    cheap = ListingFactory(supplier=supplier("40.00", "poor"), price="8.99")
    assert [m["listing"] for m in matches_of(buyer_client, open_rfq(line("6205-2RS")))] == [cheap.pk, dear.pk]


def test_min_supplier_score_filters_matches_and_invitations(buyer_client, open_rfq):
    low = ListingFactory(supplier=supplier("69.99", "fair"))
    at = ListingFactory(supplier=supplier("70.00", "good"))
    new = ListingFactory(supplier=supplier("20.00", "new"))  # a new supplier counts as 70
    high = ListingFactory(supplier=supplier("80.00", "good"))
    rfq = open_rfq(line("6205-2RS"), min_supplier_score="70")
    assert rfq["min_supplier_score"] == "70.00"
    assert {m["listing"] for m in matches_of(buyer_client, rfq)} == {at.pk, new.pk, high.pk}
    invited = set(RfqInvitation.objects.filter(rfq_id=rfq["id"]).values_list("supplier_id", flat=True))
    assert invited == {at.supplier_id, new.supplier_id, high.supplier_id}
    assert low.supplier_id not in invited


def test_min_supplier_score_above_70_excludes_new_suppliers(buyer_client, open_rfq):
    ListingFactory(supplier=supplier("99.00", "new"))
    high = ListingFactory(supplier=supplier("80.00", "good"))
    rfq = open_rfq(line("6205-2RS"), min_supplier_score="70.01")
    assert [m["listing"] for m in matches_of(buyer_client, rfq)] == [high.pk]


@pytest.mark.parametrize("value", ["-1", "100.01", "abc", "1.234"])
def test_bad_min_supplier_score_is_400(buyer_client, value):
    response = buyer_client.post(RFQS, {"title": "t", "lines": [line()], "min_supplier_score": value}, format="json")
    assert response.status_code == 400
    assert "min_supplier_score" in response.json()["errors"]


def test_stale_listing_never_covers_the_quantity(buyer_client, open_rfq):
    stale = ListingFactory(price="5.00", quantity_on_hand=1000)
    aging = ListingFactory(price="9.00", quantity_on_hand=1000)
    make_stale(stale)
    make_stale(aging, days=10)
    matches = matches_of(buyer_client, open_rfq(line("6205-2RS", quantity=100)))
    # the cheaper stale listing falls below the dearer covering one
    assert [(m["listing"], m["covers_quantity"], m["stock_status"]) for m in matches] == [
        (aging.pk, True, "aging"),
        (stale.pk, False, "stale"),
    ]


def test_stale_listing_does_not_cover_by_lead_time_either(buyer_client, open_rfq):
    listing = ListingFactory(quantity_on_hand=0, lead_time_days=3)
    make_stale(listing)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    [match] = matches_of(buyer_client, open_rfq(line("6205-2RS", required_by=due)))
    assert match["covers_quantity"] is False


def test_confirming_stock_makes_it_cover_again(buyer_client, open_rfq, make_client):
    listing = ListingFactory(quantity_on_hand=1000)
    make_stale(listing)
    rfq = open_rfq(line("6205-2RS"))
    assert matches_of(buyer_client, rfq)[0]["covers_quantity"] is False
    owner = make_client(listing.supplier)
    assert owner.post("/api/v1/listings/confirm-stock/", {"ids": [listing.pk]}, format="json").json() == {
        "confirmed": 1
    }
    assert matches_of(buyer_client, rfq)[0]["covers_quantity"] is True


def test_authorized_only_line_matches_only_authorised_listings(buyer_client, open_rfq):
    holder, expired, pending, none = (supplier("70.00", "good") for _ in range(4))
    authorize(holder, "SKF")
    authorize(expired, "SKF", valid_days=-1)
    authorize(pending, "SKF", status="pending")
    authorize(none, "NSK")  # another brand's letter
    listings = {
        org.pk: ListingFactory(supplier=org, brand="SKF", designation="6205-2RSH")
        for org in (holder, expired, pending, none)
    }
    rfq = open_rfq(line("6205-2RS", authorized_only=True), line("6205-2RS"))
    assert rfq["lines"][0]["authorized_only"] is True
    response = buyer_client.get(f"{RFQS}{rfq['id']}/matches/").json()
    only, every = response["lines"]
    assert [m["listing"] for m in only["matches"]] == [listings[holder.pk].pk]
    assert len(every["matches"]) == 4
    flags = {m["listing"]: m["authorized"] for m in every["matches"]}
    assert flags == {listings[holder.pk].pk: True} | {listings[o.pk].pk: False for o in (expired, pending, none)}


def test_award_of_unauthorised_listing_on_authorised_only_line_is_refused(buyer_client, open_rfq):
    listing = ListingFactory(brand="SKF", designation="6205-2RSH")
    rfq = open_rfq(line("6205-2RS", authorized_only=True, quantity=10))
    body = {"awards": [{"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "listing": listing.pk}]}
    response = buyer_client.post(f"{RFQS}{rfq['id']}/award/", body, format="json")
    assert response.status_code == 400
