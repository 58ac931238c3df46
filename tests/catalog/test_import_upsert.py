"""The set-based upsert behind imports and bulk writes: chunking, reservations, duplicates, prices."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from catalog.models import Listing, ListingImport, PriceBreak
from catalog.services import listing_import_create, listing_import_process, listings_upsert_batch
from catalog.services.imports import runner
from tests.catalog.factories import ListingFactory, listing_payload
from tests.factories import OrganizationFactory

HEADER = "sku,brand,designation,quantity_available,unit_price,moq,lead_time_days,warehouse_city\n"

pytestmark = pytest.mark.django_db


def import_csv(supplier, body: str, progress: list[int] | None = None) -> ListingImport:
    listing_import = listing_import_create(
        supplier=supplier, user=None, upload=SimpleUploadedFile("s.csv", (HEADER + body).encode()), enqueue=False
    )
    on_progress = (lambda li: progress.append(li.processed_rows)) if progress is not None else None
    return listing_import_process(import_id=listing_import.pk, on_progress=on_progress)


def breaks_of(listing: Listing) -> list[tuple[int, Decimal]]:
    return list(listing.price_breaks.order_by("min_quantity").values_list("min_quantity", "unit_price"))


def test_rows_across_chunk_boundaries_all_land_and_progress_is_saved_per_chunk(supplier, monkeypatch) -> None:
    monkeypatch.setattr(runner, "CHUNK_ROWS", 3)
    progress: list[int] = []
    body = "".join(f"S{n},SKF,6205-2RS,{n},{n + 1}.50,,,\n" for n in range(7))
    result = import_csv(supplier, body, progress)
    assert (result.status, result.created, result.updated, result.processed_rows) == ("done", 7, 0, 7)
    assert progress == [3, 6, 7]
    listings = {listing.sku: listing for listing in Listing.objects.filter(supplier=supplier)}
    assert [listings[f"S{n}"].quantity_available for n in range(7)] == list(range(7))
    assert breaks_of(listings["S6"]) == [(1, Decimal("7.50"))]
    assert PriceBreak.objects.filter(listing__supplier=supplier).count() == 7


def test_import_update_keeps_the_reservation(supplier) -> None:
    listing = ListingFactory(supplier=supplier, sku="S1", quantity_available=10)
    Listing.objects.filter(pk=listing.pk).update(quantity_reserved=4)
    result = import_csv(supplier, "S1,SKF,6205,25,3.00,,,\n")
    listing.refresh_from_db()
    assert (result.created, result.updated) == (0, 1)
    assert (listing.quantity_on_hand, listing.quantity_reserved, listing.quantity_available) == (29, 4, 25)


def test_duplicate_sku_inside_a_chunk_is_reported_and_the_first_lands(supplier) -> None:
    result = import_csv(supplier, "S1,SKF,6205,5,3.00,,,\nS1,SKF,6206,9,4.00,,,\n")
    assert (result.created, result.updated, result.error_count) == (1, 0, 1)
    assert result.errors[0]["row"] == 3
    assert result.errors[0]["message"].startswith("column sku: Duplicate SKU")
    listing = Listing.objects.get(supplier=supplier, sku="S1")
    assert (listing.designation, listing.quantity_available) == ("6205", 5)


def test_same_sku_in_a_later_chunk_updates_the_listing_the_earlier_chunk_created(supplier, monkeypatch) -> None:
    monkeypatch.setattr(runner, "CHUNK_ROWS", 1)
    result = import_csv(supplier, "S1,SKF,6205,5,3.00,,,\nS1,SKF,6206,9,4.00,,,\n")
    assert (result.created, result.updated, result.error_count) == (1, 1, 0)
    listing = Listing.objects.get(supplier=supplier, sku="S1")
    assert (listing.designation, listing.quantity_available, listing.base_unit_price) == ("6206", 9, Decimal("4.00"))
    assert breaks_of(listing) == [(1, Decimal("4.00"))]


def test_import_reprices_the_smallest_break_keeps_the_others_and_base_and_min_price_in_step(supplier) -> None:
    breaks = [{"min_quantity": 1, "unit_price": "10.00"}, {"min_quantity": 100, "unit_price": "8.00"}]
    listing = ListingFactory(supplier=supplier, sku="S1", price_breaks=breaks)
    assert (listing.base_unit_price, listing.min_unit_price) == (Decimal("10.00"), Decimal("8.00"))
    import_csv(supplier, "S1,SKF,6205,5,12.00,,,\n")
    listing.refresh_from_db()
    assert breaks_of(listing) == [(1, Decimal("12.00")), (100, Decimal("8.00"))]
    assert (listing.base_unit_price, listing.min_unit_price) == (Decimal("12.00"), Decimal("8.00"))
    import_csv(supplier, "S1,SKF,6205,5,7.50,,,\n")
    listing.refresh_from_db()
    assert breaks_of(listing) == [(1, Decimal("7.50")), (100, Decimal("8.00"))]
    assert (listing.base_unit_price, listing.min_unit_price) == (Decimal("7.50"), Decimal("7.50"))


def test_bulk_batch_sets_base_price_from_the_smallest_break_and_min_price_from_the_lowest(supplier) -> None:
    breaks = [
        {"min_quantity": 50, "unit_price": "7.00"},
        {"min_quantity": 1, "unit_price": "9.00"},
        {"min_quantity": 10, "unit_price": "8.00"},
    ]
    with transaction.atomic():
        result = listings_upsert_batch(supplier=supplier, items=[listing_payload(sku="B1", price_breaks=breaks)])
    listing = Listing.objects.get(pk=result.listing_ids[0])
    assert (listing.base_unit_price, listing.min_unit_price) == (Decimal("9.00"), Decimal("7.00"))
    assert breaks_of(listing) == [(1, Decimal("9.00")), (10, Decimal("8.00")), (50, Decimal("7.00"))]


def test_two_batches_in_one_transaction_both_land(supplier) -> None:
    with transaction.atomic():
        first = listings_upsert_batch(supplier=supplier, items=[listing_payload(sku="B1")])
        second = listings_upsert_batch(supplier=supplier, items=[listing_payload(sku="B1"), listing_payload(sku="B2")])
    assert (first.created, first.updated, second.created, second.updated) == (1, 0, 1, 1)
    assert second.listing_ids[1] == first.listing_ids[0]
    assert PriceBreak.objects.filter(listing__supplier=supplier).count() == 4


def test_text_with_tabs_newlines_and_backslashes_is_stored_verbatim(supplier) -> None:
    sku, city = "S\\1\tX", "Lin\nqing \\N"
    with transaction.atomic():
        listings_upsert_batch(supplier=supplier, items=[listing_payload(sku=sku, warehouse_city=city)])
    listing = Listing.objects.get(supplier=supplier)
    assert (listing.sku, listing.warehouse_city) == (sku, city)


def test_soft_deleted_listing_frees_its_sku_and_is_left_alone(supplier) -> None:
    deleted = ListingFactory(supplier=supplier, sku="S1", quantity_available=10)
    Listing.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    result = import_csv(supplier, "S1,SKF,6206,5,3.00,,,\n")
    assert (result.created, result.updated) == (1, 0)
    deleted.refresh_from_db()
    assert (deleted.designation, deleted.quantity_available) == ("6205-2RSH/C3", 10)
    assert Listing.objects.filter(supplier=supplier, deleted_at__isnull=True).get().designation == "6206"


def test_import_never_touches_another_suppliers_sku(supplier) -> None:
    foreign = ListingFactory(supplier=OrganizationFactory(kind="supplier"), sku="S1", quantity_available=10)
    result = import_csv(supplier, "S1,SKF,6206,5,3.00,,,\n")
    foreign.refresh_from_db()
    assert (result.created, foreign.quantity_available, foreign.designation) == (1, 10, "6205-2RSH/C3")
