"""A killed import is taken over by the beat sweep and finished without duplicates."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from catalog.models import Listing, ListingImport
from catalog.services import listing_import_create, listing_import_process
from catalog.services.imports import runner
from catalog.services.imports.sweep import listing_imports_stalled
from catalog.tasks import listing_imports_sweep

HEADER = "sku,brand,designation,quantity_available,unit_price\n"
ROWS = "".join(f"S{n},SKF,6205,{n},2.00\n" for n in range(7))

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands for the process dying: nothing after it runs, not even `except Exception`."""


def stored_import(supplier) -> ListingImport:
    upload = SimpleUploadedFile("s.csv", (HEADER + ROWS).encode())
    return listing_import_create(supplier=supplier, user=None, upload=upload, enqueue=False)


def killed_after_first_chunk(supplier, monkeypatch) -> ListingImport:
    monkeypatch.setattr(runner, "CHUNK_ROWS", 3)
    listing_import = stored_import(supplier)

    def die(_listing_import: ListingImport) -> None:
        raise WorkerKilled

    with pytest.raises(WorkerKilled):
        listing_import_process(import_id=listing_import.pk, on_progress=die)
    listing_import.refresh_from_db()
    assert (listing_import.status, listing_import.processed_rows) == ("running", 3)
    return listing_import


def test_a_stale_import_is_swept_and_finished_without_duplicates(supplier, monkeypatch, settings) -> None:
    settings.MARKETPLACE_IMPORT_STALE_SECONDS = 300
    listing_import = killed_after_first_chunk(supplier, monkeypatch)
    assert listing_imports_stalled() == []  # the heartbeat is fresh: its worker may still be alive
    assert listing_imports_sweep.delay().get() == 0
    ListingImport.objects.filter(pk=listing_import.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=6))
    assert listing_imports_stalled() == [listing_import.pk]
    assert listing_imports_sweep.delay().get() == 1  # tasks run eagerly in tests
    listing_import.refresh_from_db()
    assert (listing_import.status, listing_import.processed_rows, listing_import.created) == ("done", 7, 7)
    assert Listing.objects.filter(supplier=supplier).count() == 7
    assert listing_imports_stalled() == []


def test_rerunning_committed_rows_updates_the_same_listings(supplier, monkeypatch) -> None:
    listing_import = killed_after_first_chunk(supplier, monkeypatch)
    # As if the progress were lost but the chunk kept: the re-run upserts rows already written.
    ListingImport.objects.filter(pk=listing_import.pk).update(processed_rows=0, heartbeat_at=None)
    result = listing_import_process(import_id=listing_import.pk, stale_after=300)
    assert result.status == "done"
    assert Listing.objects.filter(supplier=supplier).count() == 7
    assert sorted(Listing.objects.values_list("sku", flat=True)) == [f"S{n}" for n in range(7)]
    assert (result.created, result.updated) == (3 + 7 - 3, 3)


def test_an_import_whose_worker_still_beats_is_left_alone(supplier, monkeypatch) -> None:
    listing_import = killed_after_first_chunk(supplier, monkeypatch)
    result = listing_import_process(import_id=listing_import.pk, stale_after=300)
    assert (result.status, result.processed_rows) == ("running", 3)


def test_a_superseded_worker_stops_without_writing(supplier, monkeypatch) -> None:
    monkeypatch.setattr(runner, "CHUNK_ROWS", 3)
    listing_import = stored_import(supplier)

    def taken_over(_listing_import: ListingImport) -> None:
        # The sweep handed the import to another worker while this one was slow.
        ListingImport.objects.filter(pk=listing_import.pk).update(run_token="other-worker")

    result = listing_import_process(import_id=listing_import.pk, on_progress=taken_over)
    assert (result.status, result.processed_rows) == ("running", 3)
    assert Listing.objects.count() == 3


def test_a_queued_import_whose_task_was_lost_is_swept(supplier, settings) -> None:
    listing_import = stored_import(supplier)
    ListingImport.objects.filter(pk=listing_import.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert listing_imports_sweep.delay().get() == 1
    listing_import.refresh_from_db()
    assert (listing_import.status, listing_import.created) == ("done", 7)


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_import_land_every_row_once(supplier, monkeypatch) -> None:
    monkeypatch.setattr(runner, "CHUNK_ROWS", 2)
    body = "".join(f"R{n},SKF,6205,{n},2.00\n" for n in range(40))
    upload = SimpleUploadedFile("s.csv", (HEADER + body).encode())
    listing_import = listing_import_create(supplier=supplier, user=None, upload=upload, enqueue=False)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker() -> None:
        try:
            barrier.wait()
            outcomes.append(listing_import_process(import_id=listing_import.pk).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    listing_import.refresh_from_db()
    assert listing_import.status == "done"
    assert "done" in outcomes
    assert Listing.objects.filter(supplier=supplier).count() == 40
    assert (listing_import.created + listing_import.updated, listing_import.processed_rows) == (40, 40)
