import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from catalog.models import Listing, PriceBreak
from catalog.services import listings_bulk_upsert
from tests.catalog.factories import ListingFactory, listing_payload
from tests.factories import OrganizationFactory

URL = "/api/v1/listings/bulk/"

pytestmark = pytest.mark.django_db


def item(n: int, **overrides) -> dict:
    return listing_payload(sku=f"B-{n:05d}", **overrides)


def test_bulk_creates_and_updates_by_sku(supplier_client, supplier) -> None:
    existing = ListingFactory(supplier=supplier, sku="B-00000", designation="6204")
    body = {"listings": [item(0, designation="6205-2Z"), item(1), item(2)]}
    response = supplier_client.post(URL, body, format="json")
    assert response.status_code == 200
    assert response.json() == {"created": 2, "updated": 1, "errors": []}
    existing.refresh_from_db()
    assert (existing.designation, existing.seal, existing.canonical) == ("6205-2Z", "2Z", "6205-2Z")
    assert Listing.objects.filter(supplier=supplier).count() == 3
    assert PriceBreak.objects.filter(listing=existing).count() == 2


def test_bulk_reports_errors_by_index_and_lands_valid_items(supplier_client, supplier) -> None:
    body = {
        "listings": [
            item(0),
            item(1, brand="ACME"),
            item(2),
            item(3, price_breaks=[{"min_quantity": 1, "unit_price": "0"}]),
            "not an object",
        ]
    }
    response = supplier_client.post(URL, body, format="json")
    assert response.status_code == 200
    result = response.json()
    assert (result["created"], result["updated"]) == (2, 0)
    assert [error["index"] for error in result["errors"]] == [1, 3, 4]
    assert "brand" in result["errors"][0]["errors"]
    assert "price_breaks.0.unit_price" in result["errors"][1]["errors"]
    assert set(Listing.objects.filter(supplier=supplier).values_list("sku", flat=True)) == {"B-00000", "B-00002"}


def test_duplicate_sku_within_request_reports_the_later_one(supplier_client) -> None:
    response = supplier_client.post(URL, {"listings": [item(0), item(0)]}, format="json")
    assert response.json()["created"] == 1
    assert response.json()["errors"][0]["index"] == 1
    assert "sku" in response.json()["errors"][0]["errors"]


def test_more_than_1000_items_is_400(supplier_client) -> None:
    response = supplier_client.post(URL, {"listings": [item(n) for n in range(1001)]}, format="json")
    assert response.status_code == 400
    assert "listings" in response.json()["errors"]
    assert not Listing.objects.exists()


@pytest.mark.parametrize("body", [{}, {"listings": "x"}, {"listings": None}, [1], {"listings": {"a": 1}}])
def test_malformed_envelope_is_400(supplier_client, body) -> None:
    response = supplier_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert "listings" in response.json()["errors"]


def test_buyer_cannot_bulk_upsert(buyer_client) -> None:
    assert buyer_client.post(URL, {"listings": [item(0)]}, format="json").status_code == 403


def test_bulk_update_keeps_reservations(supplier_client, supplier) -> None:
    listing = ListingFactory(supplier=supplier, sku="B-00000", quantity_available=10)
    Listing.objects.filter(pk=listing.pk).update(quantity_reserved=3)
    supplier_client.post(URL, {"listings": [item(0, quantity_available=50)]}, format="json")
    listing.refresh_from_db()
    assert (listing.quantity_on_hand, listing.quantity_reserved, listing.quantity_available) == (53, 3, 50)


def test_bulk_update_never_touches_another_suppliers_sku(supplier_client, supplier) -> None:
    foreign = ListingFactory(supplier=OrganizationFactory(kind="supplier"), sku="B-00000", designation="6204")
    response = supplier_client.post(URL, {"listings": [item(0)]}, format="json")
    assert response.json()["created"] == 1
    foreign.refresh_from_db()
    assert foreign.designation == "6204"


def test_bulk_query_count_is_constant(supplier, django_assert_max_num_queries) -> None:
    for n in range(0, 200, 2):
        ListingFactory(supplier=supplier, sku=f"B-{n:05d}")
    items = [item(n, quantity_available=n) for n in range(200)]
    with django_assert_max_num_queries(8):
        result = listings_bulk_upsert(supplier=supplier, items=items)
    assert (result.created, result.updated, result.errors) == (100, 100, [])
    listing = Listing.objects.get(supplier=supplier, sku="B-00042")
    assert listing.quantity_available == 42
    assert listing.base_unit_price == Decimal("12.50")


def test_bulk_is_idempotent_with_key(supplier_client, supplier) -> None:
    body = {"listings": [item(0), item(1)]}
    first = supplier_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="bulk-1")
    second = supplier_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="bulk-1")
    assert first.json() == second.json() == {"created": 2, "updated": 0, "errors": []}
    assert second["Idempotent-Replayed"] == "true"


@pytest.mark.django_db(transaction=True)
def test_concurrent_bulk_upserts_of_same_new_skus_do_not_fail() -> None:
    supplier = OrganizationFactory(kind="supplier")
    items = [item(n) for n in range(50)]
    results, failures = [], []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            results.append(listings_bulk_upsert(supplier=supplier, items=items))
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(r.created for r in results) == [0, 50]
    assert Listing.objects.filter(supplier=supplier).count() == 50


@pytest.mark.django_db(transaction=True)
def test_bulk_stock_update_does_not_erase_a_concurrent_reservation() -> None:
    supplier = OrganizationFactory(kind="supplier")
    listing = ListingFactory(supplier=supplier, sku="B-00000", quantity_available=10)
    reserved = threading.Event()

    def reserve() -> None:
        # The reservation holds the row while the upsert runs; the upsert waits and then adds to it.
        try:
            from django.db import transaction
            from django.db.models import F

            with transaction.atomic():
                Listing.objects.filter(pk=listing.pk).update(quantity_reserved=F("quantity_reserved") + 4)
                reserved.set()
                time.sleep(0.3)
        finally:
            connection.close()

    thread = threading.Thread(target=reserve)
    thread.start()
    reserved.wait(5)
    listings_bulk_upsert(supplier=supplier, items=[item(0, quantity_available=20)])
    thread.join()
    listing.refresh_from_db()
    assert (listing.quantity_reserved, listing.quantity_available) == (4, 20)
