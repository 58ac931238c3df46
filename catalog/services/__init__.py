"""Catalog use cases (writes). Import from here: `from catalog.services import listing_create`."""

from catalog.services.authorizations import (
    brand_authorization_create,
    brand_authorization_reject,
    brand_authorization_verify,
)
from catalog.services.bulk import MAX_BULK_ITEMS, BulkResult, listings_bulk_upsert, listings_upsert_batch
from catalog.services.imports import listing_import_create, listing_import_process
from catalog.services.inputs import BrandResolver, ListingInput, fold_search_key, listing_input_clean
from catalog.services.listings import (
    listing_create,
    listing_delete,
    listing_set_active,
    listing_update,
    listings_confirm_stock,
    stock_set_available,
)
from catalog.services.parsing import parsed_attributes

__all__ = [
    "MAX_BULK_ITEMS",
    "BrandResolver",
    "BulkResult",
    "ListingInput",
    "brand_authorization_create",
    "brand_authorization_reject",
    "brand_authorization_verify",
    "fold_search_key",
    "listing_create",
    "listing_delete",
    "listing_import_create",
    "listing_import_process",
    "listing_input_clean",
    "listing_set_active",
    "listing_update",
    "listings_bulk_upsert",
    "listings_confirm_stock",
    "listings_upsert_batch",
    "parsed_attributes",
    "stock_set_available",
]
