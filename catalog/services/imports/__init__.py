"""Spreadsheet (CSV/XLSX) import of listings."""

from catalog.services.imports.runner import (
    CHUNK_ROWS,
    HEADER_ALIASES,
    MAX_ERRORS,
    listing_import_create,
    listing_import_process,
)

__all__ = ["CHUNK_ROWS", "HEADER_ALIASES", "MAX_ERRORS", "listing_import_create", "listing_import_process"]
