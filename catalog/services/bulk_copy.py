"""PostgreSQL upsert of validated listings: COPY into a staging table, then one INSERT … ON CONFLICT.

Parameter binding (`execute_values`) spent more time quoting values in Python than PostgreSQL
spent writing them; COPY text is built with plain string joins and parsed attributes are cached
per (designation, brand) because stock files repeat the same few thousand designations.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.db import connection

from catalog.models import Listing
from catalog.services.inputs import ListingInput
from catalog.services.parsing import INPUT_FIELDS, PARSED_FIELDS, UPSERT_UPDATED_FIELDS, parsed_attributes
from marketplace.core.money import CURRENCY

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"
_PARSED_CACHE = 65536

# Column types of the staging table, by the Django field each listing column is.
_SQL_TYPES = {
    "CharField": "text",
    "BooleanField": "boolean",
    "DecimalField": "numeric",
    "ForeignKey": "bigint",
    "PositiveIntegerField": "integer",
    "PositiveSmallIntegerField": "smallint",
}


def _staged(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, _SQL_TYPES[Listing._meta.get_field(name).get_internal_type()]) for name in names)


# Staging columns in COPY order; all but `ord` and `quantity` are written to catalog_listing as they are.
_STAGE_COLUMNS = (
    ("ord", "integer"),
    *_staged("sku", "brand_id", "designation", *PARSED_FIELDS),
    ("quantity", "integer"),
    *_staged(*INPUT_FIELDS),
)
_STAGE = "catalog_listing_stage"
_PLAIN = tuple(name for name, _type in _STAGE_COLUMNS if name not in {"ord", "quantity"})
# Columns a sheet may leave out; an update then keeps what the listing has.
OPTIONAL_COLUMNS = ("moq", "lead_time_days", "warehouse_city")


def _upsert_sql(kept: frozenset[str]) -> str:
    updated = [name for name in UPSERT_UPDATED_FIELDS if name not in kept]
    return (
        f"INSERT INTO catalog_listing (supplier_id, {', '.join(_PLAIN)}, quantity_on_hand, quantity_reserved, "  # noqa: S608 - constant names
        f"currency, is_active, created_at, updated_at, stock_confirmed_at) "
        f"SELECT %(supplier)s, {', '.join('s.' + name for name in _PLAIN)}, s.quantity, 0, "
        f"%(currency)s, true, %(now)s, %(now)s, %(now)s FROM {_STAGE} AS s ORDER BY s.ord "
        f"ON CONFLICT (supplier_id, sku) WHERE deleted_at IS NULL DO UPDATE SET "
        f"{', '.join(f'{name} = EXCLUDED.{name}' for name in updated)}, "
        # Stock is set on top of the reservation the row holds when the update takes its lock.
        f"quantity_on_hand = catalog_listing.quantity_reserved + EXCLUDED.quantity_on_hand "
        f"RETURNING id, sku, (xmax = 0) AS created"
    )


# A sheet states one price: that of the listing's smallest break. The other breaks stay.
_BASE_BREAK_SQL = (
    "WITH first AS (SELECT DISTINCT ON (listing_id) id, listing_id FROM catalog_pricebreak "
    "WHERE listing_id = ANY(%(ids)s) ORDER BY listing_id, min_quantity) "
    "UPDATE catalog_pricebreak AS pb SET unit_price = l.base_unit_price, "
    "min_quantity = LEAST(pb.min_quantity, l.moq) "
    "FROM first, catalog_listing AS l WHERE pb.id = first.id AND l.id = first.listing_id"
)
_MIN_PRICE_SQL = (
    "UPDATE catalog_listing AS l SET min_unit_price = m.price FROM (SELECT listing_id, min(unit_price) AS price "
    "FROM catalog_pricebreak WHERE listing_id = ANY(%(ids)s) GROUP BY listing_id) AS m WHERE l.id = m.listing_id"
)


def _text(value: str) -> str:
    return value.translate(_ESCAPES)


def _number(value: Decimal | int | None) -> str:
    return _NULL if value is None else str(value)


@lru_cache(maxsize=_PARSED_CACHE)
def _parsed_copy_text(designation: str, brand_code: str) -> str:
    """The COPY fields from `designation` to `search_key`, tab-joined."""
    attributes = parsed_attributes(designation, brand_code)
    return "\t".join((_text(designation), *(_copy_value(attributes[name]) for name in PARSED_FIELDS)))


def _copy_value(value: str | bool | int | Decimal | None) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return _text(value)
    return _number(value)


def _listing_lines(items: Sequence[ListingInput]) -> str:
    lines = []
    for position, item in enumerate(items):
        lines.append(
            f"{position}\t{_text(item.sku)}\t{item.brand.pk}\t{_parsed_copy_text(item.designation, item.brand.code)}\t"
            f"{item.quantity_available}\t{item.moq}\t{item.lead_time_days}\t{_text(item.warehouse_city)}\t"
            f"{item.base_unit_price}\t{item.min_unit_price}\n"
        )
    return "".join(lines)


def listings_upsert_copy(
    *, supplier_id: int, items: Sequence[ListingInput], now: datetime, sheet_columns: frozenset[str] | None = None
) -> tuple[list[int], list[int]]:
    """Create or update `items` (distinct SKUs) with their price breaks; (created ids, updated ids) in order.

    With `sheet_columns` (a spreadsheet's columns) an update keeps the optional columns the sheet lacks
    and the price breaks above the smallest, whose price the sheet's unit price replaces.
    """
    kept = frozenset() if sheet_columns is None else frozenset(OPTIONAL_COLUMNS) - sheet_columns
    if not items:
        return [], []
    columns = ", ".join(f"{name} {sql_type}" for name, sql_type in _STAGE_COLUMNS)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        # ON COMMIT DROP also covers a failed chunk; the explicit DROP lets one transaction run many.
        raw.execute(f"CREATE TEMP TABLE {_STAGE} ({columns}) ON COMMIT DROP")
        raw.copy_expert(f"COPY {_STAGE} FROM STDIN", io.StringIO(_listing_lines(items)))
        raw.execute(_upsert_sql(kept), {"supplier": supplier_id, "currency": CURRENCY, "now": now})
        returned = raw.fetchall()
        raw.execute(f"DROP TABLE {_STAGE}")
        ids = {sku: (listing_id, created) for listing_id, sku, created in returned}
        updated_ids = [ids[item.sku][0] for item in items if not ids[item.sku][1]]
        if updated_ids and sheet_columns is not None:
            raw.execute(_BASE_BREAK_SQL, {"ids": updated_ids})
            raw.execute(_MIN_PRICE_SQL, {"ids": updated_ids})
        elif updated_ids:
            raw.execute("DELETE FROM catalog_pricebreak WHERE listing_id = ANY(%s)", [updated_ids])
        rewritten = items if sheet_columns is None else [item for item in items if ids[item.sku][1]]
        breaks = "".join(
            f"{ids[item.sku][0]}\t{quantity}\t{price}\n" for item in rewritten for quantity, price in item.price_breaks
        )
        raw.copy_expert(
            "COPY catalog_pricebreak (listing_id, min_quantity, unit_price) FROM STDIN", io.StringIO(breaks)
        )
    created_ids = [ids[item.sku][0] for item in items if ids[item.sku][1]]
    return created_ids, updated_ids
