"""Stock freshness: every stock write confirms it, confirm-stock confirms without changing numbers."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.freshness import stock_status
from catalog.models import Listing
from tests.catalog.factories import ListingFactory, listing_payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/listings/"
CONFIRM = "/api/v1/listings/confirm-stock/"


def age(listing: Listing, days: float) -> None:
    """Pretend the listing's stock was last stated `days` ago."""
    Listing.objects.filter(pk=listing.pk).update(stock_confirmed_at=timezone.now() - timedelta(days=days))


def confirmed_at(listing: Listing):
    return Listing.objects.values_list("stock_confirmed_at", flat=True).get(pk=listing.pk)


def test_new_listing_is_fresh_with_confirmation_time(supplier_client) -> None:
    before = timezone.now()
    body = supplier_client.post(URL, listing_payload(), format="json").json()
    assert body["stock_status"] == "fresh"
    assert Listing.objects.get(pk=body["id"]).stock_confirmed_at >= before


@pytest.mark.parametrize(
    ("days", "status"), [(0, "fresh"), (2.9, "fresh"), (3.1, "aging"), (13.9, "aging"), (14.1, "stale")]
)
def test_stock_status_by_age(supplier_client, supplier, days, status) -> None:
    listing = ListingFactory(supplier=supplier)
    age(listing, days)
    assert supplier_client.get(f"{URL}{listing.pk}/").json()["stock_status"] == status


def test_stock_status_thresholds_follow_settings(settings) -> None:
    settings.MARKETPLACE_STOCK_FRESH_DAYS = 1
    settings.MARKETPLACE_STOCK_STALE_DAYS = 2
    now = timezone.now()
    assert stock_status(now - timedelta(hours=23), now) == "fresh"
    assert stock_status(now - timedelta(hours=25), now) == "aging"
    assert stock_status(now - timedelta(hours=49), now) == "stale"
    assert stock_status(None, now) == "stale"


def test_patch_of_quantity_confirms_stock(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    age(listing, 20)
    response = supplier_client.patch(f"{URL}{listing.pk}/", {"quantity_available": 100}, format="json")
    assert response.status_code == 200
    assert response.json()["stock_status"] == "fresh"
    assert confirmed_at(listing) > timezone.now() - timedelta(minutes=1)


def test_patch_without_quantity_leaves_confirmation(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    age(listing, 20)
    response = supplier_client.patch(f"{URL}{listing.pk}/", {"lead_time_days": 9}, format="json")
    assert response.status_code == 200
    assert response.json()["stock_status"] == "stale"


def test_put_confirms_stock(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier, sku="A-6205")
    age(listing, 20)
    response = supplier_client.put(f"{URL}{listing.pk}/", listing_payload(), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["stock_status"] == "fresh"


def test_bulk_update_confirms_stock(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier, sku="A-6205")
    age(listing, 20)
    response = supplier_client.post(f"{URL}bulk/", {"listings": [listing_payload()]}, format="json")
    assert response.json()["updated"] == 1
    assert confirmed_at(listing) > timezone.now() - timedelta(minutes=1)


def test_import_confirms_stock(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    listing = ListingFactory(supplier=supplier, sku="S1")
    age(listing, 20)
    content = b"sku,brand,designation,quantity_available,unit_price\nS1,SKF,6205-2RSH/C3,100,12.50\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = supplier_client.post(
            "/api/v1/listing-imports/", {"file": SimpleUploadedFile("s.csv", content)}, format="multipart"
        )
    assert response.status_code == 202
    assert confirmed_at(listing) > timezone.now() - timedelta(minutes=1)


def test_confirm_stock_by_ids_leaves_quantities(supplier_client, supplier) -> None:
    first, second, untouched = (ListingFactory(supplier=supplier, quantity_available=q) for q in (5, 7, 9))
    for listing in (first, second, untouched):
        age(listing, 20)
    response = supplier_client.post(CONFIRM, {"ids": [first.pk, second.pk]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"confirmed": 2}
    assert [Listing.objects.get(pk=x.pk).quantity_available for x in (first, second)] == [5, 7]
    statuses = {x.pk: supplier_client.get(f"{URL}{x.pk}/").json()["stock_status"] for x in (first, second, untouched)}
    assert statuses == {first.pk: "fresh", second.pk: "fresh", untouched.pk: "stale"}


def test_confirm_stock_all(supplier_client, supplier) -> None:
    listings = [ListingFactory(supplier=supplier) for _ in range(3)]
    other = ListingFactory()
    for listing in [*listings, other]:
        age(listing, 20)
    response = supplier_client.post(CONFIRM, {"all": True}, format="json")
    assert response.json() == {"confirmed": 3}
    assert stock_status(confirmed_at(other)) == "stale"


def test_confirm_stock_of_another_suppliers_listing_confirms_nothing(supplier_client, supplier) -> None:
    other = ListingFactory()
    age(other, 20)
    before = confirmed_at(other)
    response = supplier_client.post(CONFIRM, {"ids": [other.pk]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"confirmed": 0}
    assert confirmed_at(other) == before


@pytest.mark.parametrize(
    "body",
    [{}, {"all": True, "ids": [1]}, {"ids": "x"}, {"ids": [0]}, {"all": False}, {"ids": ["a"]}, [], "x"],
)
def test_confirm_stock_bad_input_is_400(supplier_client, body) -> None:
    response = supplier_client.post(CONFIRM, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"]


def test_confirm_stock_roles(buyer_client, api_client) -> None:
    assert buyer_client.post(CONFIRM, {"all": True}, format="json").status_code == 403
    assert api_client.post(CONFIRM, {"all": True}, format="json").status_code == 401
