"""Catalog background tasks: thin, idempotent, taking ids."""

from celery import shared_task
from django.conf import settings

from catalog.services.imports import listing_import_process
from catalog.services.imports.sweep import listing_imports_stalled


@shared_task(name="catalog.tasks.listing_import_run", acks_late=True, soft_time_limit=3300, time_limit=3500)
def listing_import_run(import_id: int, stale_after: float | None = None) -> None:
    """Import one uploaded spreadsheet; a re-delivered task resumes after the last saved chunk.

    `stale_after` (from the sweep): leave the import alone if its worker beat more recently than that.
    """
    listing_import_process(import_id=import_id, stale_after=stale_after)


@shared_task(name="catalog.tasks.listing_imports_sweep")
def listing_imports_sweep() -> int:
    """Re-queue imports whose worker died (stale heartbeat); the upsert by SKU makes a re-run safe."""
    stale = float(settings.MARKETPLACE_IMPORT_STALE_SECONDS)
    ids = listing_imports_stalled()
    for import_id in ids:
        listing_import_run.delay(import_id, stale_after=stale)
    return len(ids)
