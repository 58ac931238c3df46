from decimal import Decimal

import pytest

from catalog.models import BearingSize, Brand, Listing, ListingStatusEvent
from catalog.services import fold_search_key, listing_delete, listing_set_active
from marketplace.core.exceptions import NotAllowed
from orders.models import Order, OrderLine
from tests.catalog.factories import ListingFactory
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_migration_loaded_brands_and_sizes() -> None:
    skf = Brand.objects.get(code="SKF")
    assert skf.is_premium is True
    assert Brand.objects.get(code="ZWZ").name_zh == "瓦轴"
    size = BearingSize.objects.get(base_designation="6205")
    assert (size.bore_mm, size.outer_diameter_mm, size.width_mm) == (Decimal(25), Decimal(52), Decimal(15))
    assert BearingSize.objects.count() > 300


def test_search_key_folds_to_upper_alphanumerics() -> None:
    assert fold_search_key("6205-2rsh/c3") == "62052RSHC3"
    assert fold_search_key("６２０５ ２ＲＳ") == "62052RS"


def test_parsed_columns_are_filled_on_create(supplier) -> None:
    listing = ListingFactory(supplier=supplier, brand="NSK", designation="6205DDUC3")
    assert listing.search_key == "6205DDUC3"
    assert (listing.base_designation, listing.seal, listing.clearance, listing.precision_rank) == (
        "6205",
        "2RS",
        "C3",
        0,
    )


def test_delete_of_listing_with_order_lines_soft_deletes(supplier, buyer) -> None:
    listing = ListingFactory(supplier=supplier, sku="KEEP")
    order = Order.objects.create(number="YD-1", buyer=buyer, supplier=supplier, total=Decimal("12.50"))
    OrderLine.objects.create(
        order=order,
        listing=listing,
        brand="SKF",
        designation="6205",
        quantity=1,
        unit_price=Decimal("12.50"),
        line_total=Decimal("12.50"),
    )
    actor = UserFactory(organization=supplier)
    assert listing_delete(listing=listing, actor=actor) is False
    listing.refresh_from_db()
    assert listing.is_active is False
    assert listing.deleted_at is not None
    # The SKU is free again for a new listing.
    assert ListingFactory(supplier=supplier, sku="KEEP").pk != listing.pk


def test_soft_deleted_listing_is_hidden_from_its_owner_too(supplier, supplier_client, buyer) -> None:
    listing = ListingFactory(supplier=supplier)
    order = Order.objects.create(number="YD-2", buyer=buyer, supplier=supplier, total=Decimal(1))
    OrderLine.objects.create(
        order=order,
        listing=listing,
        brand="SKF",
        designation="6205",
        quantity=1,
        unit_price=Decimal(1),
        line_total=Decimal(1),
    )
    assert supplier_client.delete(f"/api/v1/listings/{listing.pk}/").status_code == 204
    assert supplier_client.get(f"/api/v1/listings/{listing.pk}/").status_code == 404
    assert supplier_client.get("/api/v1/listings/").json()["results"] == []


def test_suspend_and_restore_write_audit_rows(supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    staff = UserFactory(organization=None, is_staff=True)
    listing_set_active(listing=listing, active=False, actor=staff, note="counterfeit report")
    assert Listing.objects.get(pk=listing.pk).is_active is False
    listing_set_active(listing=listing, active=False, actor=staff, note="again")
    listing_set_active(listing=listing, active=True, actor=staff, note="cleared")
    events = list(ListingStatusEvent.objects.filter(listing=listing).values_list("is_active", "note"))
    assert events == [(False, "counterfeit report"), (True, "cleared")]


def test_suspended_listing_is_hidden_from_buyers(supplier, buyer_client) -> None:
    listing = ListingFactory(supplier=supplier)
    listing_set_active(listing=listing, active=False, actor=None)
    assert buyer_client.get(f"/api/v1/listings/{listing.pk}/").status_code == 404


def test_admin_suspend_action_calls_the_service(staff_client, supplier, client) -> None:
    listing = ListingFactory(supplier=supplier)
    admin = UserFactory(organization=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/catalog/listing/", {"action": "suspend", "_selected_action": [listing.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Listing.objects.get(pk=listing.pk).is_active is False
    assert ListingStatusEvent.objects.filter(listing=listing, actor=admin).exists()


def test_admin_pages_render(client, supplier) -> None:
    ListingFactory(supplier=supplier)
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    for url in (
        "/admin/catalog/listing/",
        "/admin/catalog/brand/",
        "/admin/catalog/bearingsize/?q=6205",
        "/admin/catalog/listingimport/",
        f"/admin/catalog/listing/{Listing.objects.get().pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_other_supplier_cannot_delete_through_the_service(supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    intruder = UserFactory(organization=OrganizationFactory(kind="supplier"))
    with pytest.raises(NotAllowed):
        listing_delete(listing=listing, actor=intruder)
