"""Spreadsheet import of listings: accept an upload, then stream every worksheet through the bulk upsert
in chunks, saving progress and a heartbeat after each chunk so a lost worker's import can be resumed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.designations import parse
from catalog.models import Listing, ListingImport, PriceBreak
from catalog.services.bulk import listings_upsert_batch
from catalog.services.imports.columns import (
    HEADER_ALIASES,
    HEADER_SCAN_ROWS,
    REQUIRED_COLUMNS,
    derived_sku,
    header_columns,
    is_header,
    trader_number,
)
from catalog.services.imports.files import max_rows, upload_check
from catalog.services.imports.readers import Sheet, cell_value, open_sheets
from catalog.services.imports.template import column_title
from catalog.services.inputs import BrandResolver
from marketplace.core.routing import organization_wrote
from marketplace.organizations.models import Organization, User

logger = logging.getLogger(__name__)

CHUNK_ROWS = 5000
MAX_ERRORS = 1000
MAX_WARNINGS = 1000
# Validator error keys → the sheet column they come from.
ERROR_COLUMNS = {
    "price_breaks": "unit_price",
    "price_breaks.0": "unit_price",
    "price_breaks.0.unit_price": "unit_price",
    "price_breaks.0.min_quantity": "unit_price",
}
NUMBER_COLUMNS = ("quantity_available", "unit_price", "moq", "lead_time_days")

__all__ = ["CHUNK_ROWS", "HEADER_ALIASES", "MAX_ERRORS", "listing_import_create", "listing_import_process"]


class ImportFailed(Exception):
    """The file as a whole cannot be imported; `row` is where it was noticed."""

    def __init__(self, row: int | None, message: str, sheet: str | None = None) -> None:
        super().__init__(message)
        self.row, self.message, self.sheet = row, message, sheet


class Superseded(Exception):
    """Another worker took this import over (this one's heartbeat went stale); stop without writing."""


@transaction.atomic(durable=True)
def listing_import_create(
    *, supplier: Organization, user: User | None, upload: Any, enqueue: bool = True
) -> ListingImport:
    """Check and store an uploaded CSV/XLSX and queue its import after commit (messages in the caller's language)."""
    file_type = upload_check(upload)
    listing_import = ListingImport(
        supplier=supplier,
        created_by=user,
        original_name=str(upload.name or "")[-255:],
        file_type=file_type,
        language=translation.get_language() or "en",
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
    *, import_id: int, on_progress: Callable[[ListingImport], None] | None = None, stale_after: float | None = None
) -> ListingImport:
    """Run (or resume after a lost worker) one import; a finished one, or one whose worker still beats, is left.

    `stale_after` (seconds): a running import whose heartbeat is younger belongs to a live worker.
    """
    token = uuid4().hex
    with transaction.atomic():
        listing_import = ListingImport.objects.select_for_update().select_related("supplier").get(pk=import_id)
        if listing_import.status in {ListingImport.Status.DONE, ListingImport.Status.FAILED}:
            return listing_import
        now = timezone.now()
        beat = listing_import.heartbeat_at
        if (
            stale_after is not None
            and listing_import.status == ListingImport.Status.RUNNING
            and beat is not None
            and (now - beat).total_seconds() < stale_after
        ):
            return listing_import
        resume_after = listing_import.processed_rows if listing_import.status == ListingImport.Status.RUNNING else 0
        listing_import.status = ListingImport.Status.RUNNING
        listing_import.started_at = listing_import.started_at or now
        listing_import.heartbeat_at = now
        listing_import.run_token = token
        listing_import.save(update_fields=["status", "started_at", "heartbeat_at", "run_token"])
    with translation.override(listing_import.language or "en"):
        try:
            run = _Run(listing_import, resume_after, on_progress, token)
            run.run()
        except Superseded:
            listing_import.refresh_from_db()
            return listing_import
        except ImportFailed as exc:
            error = {"row": exc.row, "message": exc.message}
            if exc.sheet is not None:
                error["sheet"] = exc.sheet
            _finish(listing_import, token, ListingImport.Status.FAILED, error=error)
        except Exception:
            # A malformed file must end as "failed" with a message, not be retried forever by the broker.
            logger.exception("Listing import %s failed", import_id)
            # The requester reads a reason in their language; the exception itself is in the log.
            reason = _("it is damaged or laid out in an unexpected way")
            message = _("The file could not be read: %(error)s") % {"error": reason}
            _finish(listing_import, token, ListingImport.Status.FAILED, error={"row": None, "message": message})
        else:
            _finish(listing_import, token, ListingImport.Status.DONE)
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


def _finish(listing_import: ListingImport, token: str, status: str, error: dict[str, Any] | None = None) -> None:
    listing_import.refresh_from_db(fields=["errors", "error_count"])
    errors = list(listing_import.errors)
    if error is not None:
        errors = [error, *errors][:MAX_ERRORS]
    ListingImport.objects.filter(pk=listing_import.pk, run_token=token).update(
        status=status,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        errors=errors,
        error_count=F("error_count") + (1 if error is not None else 0),
    )


@lru_cache(maxsize=65536)
def _recognized(designation: str, brand_code: str) -> bool:
    return parse(designation, brand=brand_code).recognized


class _Run:
    """One pass over the file's worksheets, saving progress after every chunk.

    `processed_rows` counts the rows read below each sheet's header, across sheets in workbook
    order, so a resumed run skips exactly what the lost one committed.
    """

    def __init__(
        self,
        listing_import: ListingImport,
        resume_after: int,
        on_progress: Callable[[ListingImport], None] | None,
        token: str,
    ) -> None:
        self.listing_import = listing_import
        self.resume_after = resume_after
        self.on_progress = on_progress
        self.token = token
        self.brands = BrandResolver()
        resumed = bool(resume_after)
        self.errors: list[dict[str, Any]] = list(listing_import.errors) if resumed else []
        self.error_count = listing_import.error_count if resumed else 0
        self.warnings: list[dict[str, Any]] = list(listing_import.warnings) if resumed else []
        self.english = not (listing_import.language or "en").startswith("zh")
        self.several = False
        self.sheet_name: str | None = None
        self.labels: dict[str, str] = {}
        self.consumed = 0
        self.row_cap = max_rows()  # read once: a settings lookup per row showed in the profile

    def run(self) -> None:
        with open(self.listing_import.file.path, "rb") as fileobj:
            sheets = open_sheets(fileobj, self.listing_import.file_type)
            self.several = len(sheets) > 1
            estimated = sum(max(sheet.estimated_rows - 1, 0) for sheet in sheets)
            if estimated > self.row_cap:
                raise ImportFailed(None, _("The file has more than %(n)d rows.") % {"n": self.row_cap})
            ListingImport.objects.filter(pk=self.listing_import.pk).update(total_rows=estimated)
            self.listing_import.total_rows = estimated
            skipped: list[tuple[str, int | None, str]] = []
            read = 0
            for sheet in sheets:
                problem = self._sheet(sheet)
                if problem is None:
                    read += 1
                elif problem[1] != "":
                    skipped.append((sheet.name, *problem))
            if read == 0:
                row, message = (skipped[0][1], skipped[0][2]) if skipped else (1, _("The file has no header row."))
                raise ImportFailed(row, message, skipped[0][0] if skipped and self.several else None)
            for name, row, message in skipped:
                note = _("Worksheet “%(sheet)s” was not read: %(reason)s") % {"sheet": name, "reason": message}
                self.warnings.append({"row": row, "sheet": name, "message": note})
            self._save([], final=True)

    def _sheet(self, sheet: Sheet) -> tuple[int | None, str] | None:
        """Import one worksheet; (row, reason) when it was not read ("" reason: it is empty)."""
        self.sheet_name = sheet.name if self.several else None
        header: list[Any] | None = None
        header_row = 0
        seen_content = False
        for number, values in sheet.rows:
            if any(cell_value(v) is not None for v in values):
                seen_content = True
                if is_header(values):
                    header, header_row = values, number
                    break
            if number >= HEADER_SCAN_ROWS:
                break
        if header is None:
            return (1, _("The file has no header row.")) if seen_content else (None, "")
        columns = self._columns(header)
        missing = [column_title(c, english=self.english) for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            return header_row, _("Missing required column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        chunk: list[tuple[int, dict[str, Any]]] = []
        for number, values in sheet.rows:
            self.consumed += 1
            if self.consumed <= self.resume_after:
                continue
            if self.consumed > self.row_cap:
                raise ImportFailed(
                    number, _("The file has more than %(n)d rows.") % {"n": self.row_cap}, self.sheet_name
                )
            item = self._item(columns, values)
            if item is not None:
                chunk.append((number, item))
            if len(chunk) >= CHUNK_ROWS:
                self._save(chunk)
                chunk = []
        self._save(chunk)
        return None

    def _columns(self, header: list[Any]) -> dict[str, int]:
        columns = header_columns(header)
        self.labels = {}
        for column, position in columns.items():
            label = str(header[position]).strip()
            self.labels[column] = label if label == column or not self.english else f"{label} ({column})"
        return columns

    def _item(self, columns: dict[str, int], values: list[Any]) -> dict[str, Any] | None:
        cells = {
            column: cell_value(values[position]) if position < len(values) else None
            for column, position in columns.items()
        }
        if all(value is None for value in cells.values()):
            return None  # blank line
        for column in NUMBER_COLUMNS:
            if cells.get(column) is not None:
                cells[column] = trader_number(cells[column], column)
        item: dict[str, Any] = {k: v for k, v in cells.items() if v is not None and k != "unit_price"}
        unit_price = cells["unit_price"]
        item["price_breaks"] = [
            {"min_quantity": 1} if unit_price is None else {"min_quantity": 1, "unit_price": unit_price}
        ]
        if "sku" not in item and isinstance(item.get("brand"), str) and item.get("designation") is not None:
            # An unknown brand still gets one, so the row's only error is its brand.
            brand = self.brands.resolve(item["brand"])
            item["sku"] = derived_sku(
                brand_code=brand.code if brand is not None else item["brand"],
                designation=str(item["designation"]),
                warehouse_city=str(item.get("warehouse_city") or ""),
            )
        return item

    def _where(self, row: int) -> str:
        if self.sheet_name is not None:
            return _("row %(row)d of worksheet “%(sheet)s”") % {"row": row, "sheet": self.sheet_name}
        return _("row %(row)d") % {"row": row}

    def _note(self, target: list[dict[str, Any]], row: int, message: str) -> None:
        note: dict[str, Any] = {"row": row, "message": message}
        if self.sheet_name is not None:
            note["sheet"] = self.sheet_name
        target.append(note)

    def _save(
        self,
        chunk: list[tuple[int, dict[str, Any]]],
        *,
        final: bool = False,
    ) -> None:
        """Upsert one chunk and record progress in the same transaction (or just progress when final)."""
        pk = self.listing_import.pk
        created = updated = 0
        with transaction.atomic(durable=True):
            if connection.vendor == "postgresql":
                # A chunk and its progress commit together, so a crash that loses this commit makes the
                # resume redo the chunk; no need to wait for the WAL flush.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO off")
            # Claim the row first: a run whose token was replaced by a sweep stops here, writing nothing.
            if not ListingImport.objects.filter(pk=pk, run_token=self.token).update(heartbeat_at=timezone.now()):
                raise Superseded
            if chunk:
                created, updated = self._upsert(chunk)
            changes: dict[str, Any] = {
                "processed_rows": self.consumed,
                "created": F("created") + created,
                "updated": F("updated") + updated,
                "errors": self.errors,
                "error_count": self.error_count,
                "warnings": self.warnings[:MAX_WARNINGS],
            }
            if final:
                changes["total_rows"] = self.consumed
            ListingImport.objects.filter(pk=pk).update(**changes)
        if self.on_progress is not None and not final:
            self.listing_import.processed_rows = self.consumed
            self.on_progress(self.listing_import)

    def _upsert(self, chunk: list[tuple[int, dict[str, Any]]]) -> tuple[int, int]:
        result = listings_upsert_batch(
            supplier=self.listing_import.supplier,
            items=[item for _n, item in chunk],
            brands=self.brands,
            # A blank cell, like a missing column, leaves the listing's value as it is.
            stated_columns=[frozenset(item) for _n, item in chunk],
            item_names=[self._where(row) for row, _item in chunk],
        )
        refused = set()
        for error in result.errors:
            refused.add(error["index"])
            row = chunk[error["index"]][0]
            for key, messages in error["errors"].items():
                self.error_count += 1
                if len(self.errors) < MAX_ERRORS:
                    column = ERROR_COLUMNS.get(key, key)
                    label = self.labels.get(column, column_title(column, english=self.english))
                    message = _("column %(column)s: %(message)s") % {"column": label, "message": messages[0]}
                    self._note(self.errors, row, message)
        for index, (row, item) in enumerate(chunk):
            if index in refused or len(self.warnings) >= MAX_WARNINGS:
                continue
            brand = self.brands.resolve(str(item["brand"]))
            designation = str(item["designation"]).strip()
            if brand is not None and not _recognized(designation, brand.code):
                message = _("Designation “%(designation)s” was not recognised; imported as written.") % {
                    "designation": designation
                }
                self._note(self.warnings, row, message)
        return result.created, result.updated
