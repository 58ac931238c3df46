"""Catalog background tasks: thin, idempotent, taking ids."""

from celery import shared_task

from catalog.services.imports import listing_import_process


@shared_task(name="catalog.tasks.listing_import_run", acks_late=True, soft_time_limit=3300, time_limit=3500)
def listing_import_run(import_id: int) -> None:
    """Import one uploaded spreadsheet; a re-delivered task resumes after the last saved chunk."""
    listing_import_process(import_id=import_id)
