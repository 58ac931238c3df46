"""Supplier names on matches and quotes; a quote line naming the supplier's listing reserves its
stock when awarded, exactly as an award from a listing does."""

import pytest

from catalog.models import Listing
from marketplace.rfqs.models import Award
from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, quote_body, quote_line
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def quote(client, rfq, *lines):
    return client.post(f"{RFQS}{rfq['id']}/quotes/", quote_body(*lines), format="json")


def award(client, rfq, quote_line_id, quantity):
    body = {"awards": [{"rfq_line": rfq["lines"][0]["id"], "quantity": quantity, "quote_line": quote_line_id}]}
    return client.post(f"{RFQS}{rfq['id']}/award/", body, format="json")


def test_matches_quotes_and_offers_carry_the_supplier_name(buyer_client, supplier, supplier_client, open_rfq) -> None:
    ListingFactory(supplier=supplier, brand="ZWZ", designation="6205-2RS")
    rfq = open_rfq(line("6205-2RS", quantity=10))
    [match] = buyer_client.get(f"{RFQS}{rfq['id']}/matches/").json()["lines"][0]["matches"]
    assert (match["supplier"], match["supplier_name"]) == (supplier.pk, supplier.name)
    submitted = quote(supplier_client, rfq, quote_line(rfq["lines"][0]["id"], quantity=10)).json()
    assert submitted["supplier_name"] == supplier.name
    [listed] = buyer_client.get(f"{RFQS}{rfq['id']}/quotes/").json()["results"]
    assert (listed["supplier"], listed["supplier_name"]) == (supplier.pk, supplier.name)
    comparison = buyer_client.get(f"{RFQS}{rfq['id']}/quotes/comparison/")
    assert comparison.status_code == 200
    assert comparison.json()["lines"][0]["offers"][0]["supplier_name"] == supplier.name


def test_awarding_a_quote_line_with_a_listing_reserves_its_stock(
    buyer_client, supplier, supplier_client, open_rfq
) -> None:
    listing = ListingFactory(supplier=supplier, brand="ZWZ", designation="6205-2RS", quantity_on_hand=50)
    rfq = open_rfq(line("6205-2RS", quantity=30))
    body = quote_line(rfq["lines"][0]["id"], quantity=30, unit_price="8.00", listing=listing.pk)
    response = quote(supplier_client, rfq, body)
    assert response.status_code == 201, response.json()
    assert response.json()["lines"][0]["listing"] == listing.pk
    response = award(buyer_client, rfq, response.json()["lines"][0]["id"], 30)
    assert response.status_code == 201, response.json()
    [order] = response.json()["orders"]
    assert order["lines"][0]["listing"] == listing.pk
    assert order["lines"][0]["unit_price"] == "8.00"
    listing = Listing.objects.get(pk=listing.pk)
    assert (listing.quantity_reserved, listing.quantity_available) == (30, 20)
    award_row = Award.objects.get(rfq_id=rfq["id"])
    assert (award_row.listing_id, award_row.quote_line_id is not None) == (None, True)


def test_awarding_more_than_the_listing_holds_is_409_and_changes_nothing(
    buyer_client, supplier, supplier_client, open_rfq
) -> None:
    listing = ListingFactory(supplier=supplier, brand="ZWZ", designation="6205-2RS", quantity_on_hand=5)
    rfq = open_rfq(line("6205-2RS", quantity=30))
    submitted = quote(supplier_client, rfq, quote_line(rfq["lines"][0]["id"], quantity=30, listing=listing.pk))
    response = award(buyer_client, rfq, submitted.json()["lines"][0]["id"], 30)
    assert response.status_code == 409
    assert "awards.0.quantity" in response.json()["errors"]
    assert Listing.objects.get(pk=listing.pk).quantity_reserved == 0
    assert not Award.objects.exists()


def test_a_quote_line_may_not_name_another_suppliers_or_another_bearings_listing(
    supplier, supplier_client, open_rfq
) -> None:
    rfq = open_rfq(line("6205-2RS", quantity=30))
    rfq_line = rfq["lines"][0]["id"]
    theirs = ListingFactory(
        supplier=OrganizationFactory(kind="supplier", status="verified"), brand="ZWZ", designation="6205-2RS"
    )
    other_bearing = ListingFactory(supplier=supplier, brand="ZWZ", designation="6206-2RS")
    other_brand = ListingFactory(supplier=supplier, brand="SKF", designation="6205-2RS")
    for listing in (theirs, other_bearing, other_brand):
        response = quote(supplier_client, rfq, quote_line(rfq_line, listing=listing.pk))
        assert response.status_code == 400, listing
        assert "lines.0.listing" in response.json()["errors"]
    response = quote(supplier_client, rfq, quote_line(rfq_line, listing=2**40))
    assert response.status_code == 400


def test_awarding_a_quote_line_whose_listing_went_off_sale_is_400_on_the_award(
    buyer_client, supplier, supplier_client, open_rfq
) -> None:
    listing = ListingFactory(supplier=supplier, brand="ZWZ", designation="6205-2RS", quantity_on_hand=50)
    rfq = open_rfq(line("6205-2RS", quantity=30))
    submitted = quote(supplier_client, rfq, quote_line(rfq["lines"][0]["id"], quantity=30, listing=listing.pk))
    Listing.objects.filter(pk=listing.pk).update(is_active=False)
    response = award(buyer_client, rfq, submitted.json()["lines"][0]["id"], 30)
    assert response.status_code == 400
    assert "awards.0.listing" in response.json()["errors"]
    assert not Award.objects.exists()
