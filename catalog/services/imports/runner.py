"""Spreadsheet import of listings: accept an upload, then stream it through the bulk upsert in chunks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Listing, ListingImport, PriceBreak
from catalog.services.bulk import listings_upsert_batch
from catalog.services.imports.files import max_rows, upload_check
from catalog.services.imports.readers import cell_value, open_sheet
from catalog.services.inputs import BrandResolver
from marketplace.core.routing import organization_wrote
from marketplace.organizations.models import Organization, User

logger = logging.getLogger(__name__)

CHUNK_ROWS = 5000
MAX_ERRORS = 1000

# Accepted header names (compared case-insensitively, spaces and underscores ignored).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "货号", "编码", "商品编码", "物料编码"),
    "brand": ("brand", "品牌"),
    "designation": ("designation", "型号", "规格", "规格型号", "型号规格"),
    "quantity_available": ("quantity_available", "quantity", "库存", "数量", "库存数量", "可用库存"),
    "unit_price": ("unit_price", "price", "单价", "含税单价", "价格"),
    "moq": ("moq", "起订量", "最小起订量"),
    "lead_time_days": ("lead_time_days", "lead_time", "交期", "交期(天)", "交货期"),
    "warehouse_city": ("warehouse_city", "warehouse", "仓库", "所在地", "仓库城市"),
}
REQUIRED_COLUMNS = ("sku", "brand", "designation", "quantity_available", "unit_price")
# Validator error keys → the sheet column they come from.
ERROR_COLUMNS = {
    "price_breaks": "unit_price",
    "price_breaks.0": "unit_price",
    "price_breaks.0.unit_price": "unit_price",
    "price_breaks.0.min_quantity": "unit_price",
}


def _header_key(text: Any) -> str:
    return "".join(str(text or "").lower().replace("_", " ").split()).replace("（", "(").replace("）", ")")


_ALIAS_TO_COLUMN = {_header_key(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}


class ImportFailed(Exception):
    """The file as a whole cannot be imported; `row` is where it was noticed."""

    def __init__(self, row: int | None, message: str) -> None:
        super().__init__(message)
        self.row, self.message = row, message


@transaction.atomic(durable=True)
def listing_import_create(
    *, supplier: Organization, user: User | None, upload: Any, enqueue: bool = True
) -> ListingImport:
    """Check and store an uploaded CSV/XLSX and queue its import after commit."""
    file_type = upload_check(upload)
    listing_import = ListingImport(
        supplier=supplier,
        created_by=user,
        original_name=str(upload.name or "")[-255:],
        file_type=file_type,
    )
    listing_import.file.save(f"{uuid4().hex}.{file_type}", upload, save=False)
    listing_import.save()
    if enqueue:
        transaction.on_commit(partial(_enqueue, listing_import.pk))
    return listing_import


def _enqueue(import_id: int) -> None:
    from catalog.tasks import listing_import_run  # noqa: PLC0415 - tasks import services

    listing_import_run.delay(import_id)


def listing_import_process(
    *, import_id: int, on_progress: Callable[[ListingImport], None] | None = None
) -> ListingImport:
    """Run (or resume after a lost worker) one import; a finished import is left as it is."""
    with transaction.atomic():
        listing_import = ListingImport.objects.select_for_update().select_related("supplier").get(pk=import_id)
        if listing_import.status in {ListingImport.Status.DONE, ListingImport.Status.FAILED}:
            return listing_import
        resume_after = listing_import.processed_rows if listing_import.status == ListingImport.Status.RUNNING else 0
        listing_import.status = ListingImport.Status.RUNNING
        listing_import.started_at = listing_import.started_at or timezone.now()
        listing_import.save(update_fields=["status", "started_at"])
    try:
        _Run(listing_import, resume_after, on_progress).run()
    except ImportFailed as exc:
        _finish(listing_import, ListingImport.Status.FAILED, error={"row": exc.row, "message": exc.message})
    except Exception as exc:
        # A malformed file must end as "failed" with a message, not be retried forever by the broker.
        logger.exception("Listing import %s failed", import_id)
        message = _("The file could not be read: %(error)s") % {"error": str(exc)[:300] or type(exc).__name__}
        _finish(listing_import, ListingImport.Status.FAILED, error={"row": None, "message": message})
    else:
        _finish(listing_import, ListingImport.Status.DONE)
    listing_import.refresh_from_db()
    # The supplier's next searches see its new catalogue even on a lagging replica.
    organization_wrote(listing_import.supplier_id)
    catalog_tables_maintain(rows=listing_import.created + listing_import.updated)
    return listing_import


def catalog_tables_maintain(*, rows: int) -> bool:
    """After a large import, VACUUM (ANALYZE) the listing tables at once instead of waiting for
    autovacuum: the matcher's index-only scans need the visibility map, the planner fresh figures."""
    if rows < settings.MARKETPLACE_IMPORT_VACUUM_ROWS or connection.vendor != "postgresql":
        return False
    if connection.in_atomic_block:  # VACUUM cannot run inside a transaction
        return False
    with connection.cursor() as cursor:
        # SKIP_LOCKED: a table another import is vacuuming right now is left to that one.
        cursor.execute(f"VACUUM (ANALYZE, SKIP_LOCKED) {Listing._meta.db_table}, {PriceBreak._meta.db_table}")
    return True


def _finish(listing_import: ListingImport, status: str, error: dict[str, Any] | None = None) -> None:
    listing_import.refresh_from_db(fields=["errors", "error_count"])
    errors = list(listing_import.errors)
    if error is not None:
        errors = [error, *errors][:MAX_ERRORS]
    ListingImport.objects.filter(pk=listing_import.pk).update(
        status=status,
        finished_at=timezone.now(),
        errors=errors,
        error_count=F("error_count") + (1 if error is not None else 0),
    )


class _Run:
    """One pass over the file, saving progress after every chunk."""

    def __init__(
        self,
        listing_import: ListingImport,
        resume_after: int,
        on_progress: Callable[[ListingImport], None] | None,
    ) -> None:
        self.listing_import = listing_import
        self.resume_after = resume_after
        self.on_progress = on_progress
        self.brands = BrandResolver()
        self.errors: list[dict[str, Any]] = list(listing_import.errors) if resume_after else []
        self.error_count = listing_import.error_count if resume_after else 0
        self.labels: dict[str, str] = {}

    def run(self) -> None:
        with open(self.listing_import.file.path, "rb") as fileobj:
            sheet = open_sheet(fileobj, self.listing_import.file_type)
            header = next(sheet.rows, None)
            if header is None or not any(cell_value(v) is not None for v in header[1]):
                raise ImportFailed(1, _("The file has no header row."))
            columns = self._columns(header[1])
            row_cap = max_rows()  # read once: a settings lookup per row showed in the profile
            if sheet.estimated_rows > row_cap:
                raise ImportFailed(None, _("The file has more than %(n)d rows.") % {"n": row_cap})
            ListingImport.objects.filter(pk=self.listing_import.pk).update(total_rows=sheet.estimated_rows)
            self.listing_import.total_rows = sheet.estimated_rows
            chunk: list[tuple[int, dict[str, Any]]] = []
            consumed = self.resume_after
            for number, values in sheet.rows:
                data_row = number - 1
                if data_row <= self.resume_after:
                    continue
                if data_row > row_cap:
                    raise ImportFailed(number, _("The file has more than %(n)d rows.") % {"n": row_cap})
                consumed = data_row
                item = self._item(columns, values)
                if item is not None:
                    chunk.append((number, item))
                if len(chunk) >= CHUNK_ROWS:
                    self._flush(chunk, consumed)
                    chunk = []
            self._flush(chunk, consumed, final=True)

    def _columns(self, header: list[Any]) -> dict[str, int]:
        columns: dict[str, int] = {}
        for position, title in enumerate(header):
            column = _ALIAS_TO_COLUMN.get(_header_key(title))
            if column and column not in columns:
                columns[column] = position
                label = str(title).strip()
                self.labels[column] = column if label == column else f"{label} ({column})"
        missing = [column for column in REQUIRED_COLUMNS if column not in columns]
        if missing:
            raise ImportFailed(1, _("Missing required column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        return columns

    @staticmethod
    def _item(columns: dict[str, int], values: list[Any]) -> dict[str, Any] | None:
        cells = {
            column: cell_value(values[position]) if position < len(values) else None
            for column, position in columns.items()
        }
        if all(value is None for value in cells.values()):
            return None  # blank line
        item: dict[str, Any] = {k: v for k, v in cells.items() if v is not None and k != "unit_price"}
        unit_price = cells["unit_price"]
        item["price_breaks"] = [
            {"min_quantity": 1} if unit_price is None else {"min_quantity": 1, "unit_price": unit_price}
        ]
        return item

    def _flush(self, chunk: list[tuple[int, dict[str, Any]]], consumed: int, *, final: bool = False) -> None:
        pk = self.listing_import.pk
        created = updated = 0
        with transaction.atomic(durable=True):
            if connection.vendor == "postgresql":
                # A chunk and its progress commit together, so a crash that loses this commit makes the
                # resume redo the chunk; no need to wait for the WAL flush.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO off")
            if chunk:
                result = listings_upsert_batch(
                    supplier=self.listing_import.supplier, items=[item for _n, item in chunk], brands=self.brands
                )
                created, updated = result.created, result.updated
                for error in result.errors:
                    row = chunk[error["index"]][0]
                    for key, messages in error["errors"].items():
                        self.error_count += 1
                        if len(self.errors) < MAX_ERRORS:
                            column = ERROR_COLUMNS.get(key, key)
                            label = self.labels.get(column, column)
                            self.errors.append({"row": row, "message": f"column {label}: {messages[0]}"})
            changes: dict[str, Any] = {
                "processed_rows": consumed,
                "created": F("created") + created,
                "updated": F("updated") + updated,
                "errors": self.errors,
                "error_count": self.error_count,
            }
            if final:
                changes["total_rows"] = consumed
            ListingImport.objects.filter(pk=pk).update(**changes)
        if self.on_progress is not None:
            self.listing_import.processed_rows = consumed
            self.on_progress(self.listing_import)
