"""Listings say whether others see them and, when not, why."""

import pytest

from catalog.models import Listing
from tests.catalog.factories import ListingFactory, listing_payload
from tests.factories import OrganizationFactory

URL = "/api/v1/listings/"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "active", "reason"),
    [
        ("verified", True, None),
        ("pending", True, "organization_pending"),
        ("suspended", True, "organization_suspended"),
        ("verified", False, "inactive"),
        ("pending", False, "organization_pending"),
    ],
)
def test_own_listing_shows_visibility_and_reason(make_client, status, active, reason) -> None:
    supplier = OrganizationFactory(kind="supplier", status=status)
    listing = ListingFactory(supplier=supplier)
    Listing.objects.filter(pk=listing.pk).update(is_active=active)
    client = make_client(supplier)
    for body in (client.get(f"{URL}{listing.pk}/").json(), client.get(URL).json()["results"][0]):
        assert (body["visible"], body["visibility_reason"]) == (reason is None, reason)


def test_a_pending_supplier_learns_why_at_creation(make_client) -> None:
    supplier = OrganizationFactory(kind="supplier", status="pending")
    response = make_client(supplier).post(URL, listing_payload(), format="json")
    assert response.status_code == 201
    assert (response.json()["visible"], response.json()["visibility_reason"]) == (False, "organization_pending")


def test_others_see_visible_listings_marked_visible(buyer_client, supplier) -> None:
    ListingFactory(supplier=supplier)
    [row] = buyer_client.get(URL).json()["results"]
    assert (row["visible"], row["visibility_reason"]) == (True, None)
