"""Every write path keeps min_unit_price at the lowest break price (the matcher's price bound)."""

from decimal import Decimal

import pytest

from catalog.models import Listing
from catalog.services import listings_bulk_upsert
from tests.catalog.factories import listing_payload

URL = "/api/v1/listings/"
BREAKS = [{"min_quantity": 1, "unit_price": "10.00"}, {"min_quantity": 100, "unit_price": "8.00"}]

pytestmark = pytest.mark.django_db


def test_create_sets_the_lowest_break_price(supplier_client) -> None:
    body = supplier_client.post(URL, listing_payload(price_breaks=BREAKS), format="json").json()
    assert Listing.objects.get(pk=body["id"]).min_unit_price == Decimal("8.00")


def test_patching_the_breaks_moves_the_bound(supplier_client) -> None:
    listing_id = supplier_client.post(URL, listing_payload(price_breaks=BREAKS), format="json").json()["id"]
    response = supplier_client.patch(
        f"{URL}{listing_id}/", {"price_breaks": [{"min_quantity": 1, "unit_price": "9.50"}]}, format="json"
    )
    assert response.status_code == 200
    assert Listing.objects.get(pk=listing_id).min_unit_price == Decimal("9.50")


def test_patching_other_fields_keeps_the_bound(supplier_client) -> None:
    listing_id = supplier_client.post(URL, listing_payload(price_breaks=BREAKS), format="json").json()["id"]
    supplier_client.patch(f"{URL}{listing_id}/", {"moq": 1}, format="json")
    assert Listing.objects.get(pk=listing_id).min_unit_price == Decimal("8.00")


def test_bulk_upsert_sets_the_bound_on_create_and_update(supplier) -> None:
    listings_bulk_upsert(supplier=supplier, items=[listing_payload(sku="B-1", price_breaks=BREAKS)])
    assert Listing.objects.get(sku="B-1").min_unit_price == Decimal("8.00")
    cheaper = [{"min_quantity": 1, "unit_price": "7.00"}, {"min_quantity": 50, "unit_price": "6.25"}]
    result = listings_bulk_upsert(supplier=supplier, items=[listing_payload(sku="B-1", price_breaks=cheaper)])
    assert result.updated == 1
    assert Listing.objects.get(sku="B-1").min_unit_price == Decimal("6.25")
