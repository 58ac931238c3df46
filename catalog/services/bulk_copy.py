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

from catalog.services.inputs import ListingInput
from catalog.services.parsing import UPSERT_UPDATED_FIELDS, parsed_attributes
from marketplace.core.money import CURRENCY

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"
_PARSED_CACHE = 65536

# Staging columns in COPY order; all but `ord` and `quantity` are written to catalog_listing as they are.
_STAGE_COLUMNS = (
    ("ord", "integer"),
    ("sku", "text"),
    ("brand_id", "bigint"),
    ("designation", "text"),
    ("recognized", "boolean"),
    ("base_designation", "text"),
    ("variant", "text"),
    ("bearing_type", "text"),
    ("seal", "text"),
    ("clearance", "text"),
    ("precision", "text"),
    ("precision_rank", "smallint"),
    ("bore_mm", "numeric"),
    ("outer_diameter_mm", "numeric"),
    ("width_mm", "numeric"),
    ("canonical", "text"),
    ("search_key", "text"),
    ("quantity", "integer"),
    ("moq", "integer"),
    ("lead_time_days", "integer"),
    ("warehouse_city", "text"),
    ("base_unit_price", "numeric"),
    ("min_unit_price", "numeric"),
)
_STAGE = "catalog_listing_stage"
_PLAIN = tuple(name for name, _type in _STAGE_COLUMNS if name not in {"ord", "quantity"})
_UPSERT_SQL = (
    f"INSERT INTO catalog_listing (supplier_id, {', '.join(_PLAIN)}, quantity_on_hand, quantity_reserved, "  # noqa: S608 - constant names
    f"currency, is_active, created_at, updated_at, stock_confirmed_at) "
    f"SELECT %(supplier)s, {', '.join('s.' + name for name in _PLAIN)}, s.quantity, 0, "
    f"%(currency)s, true, %(now)s, %(now)s, %(now)s FROM {_STAGE} AS s ORDER BY s.ord "
    f"ON CONFLICT (supplier_id, sku) WHERE deleted_at IS NULL DO UPDATE SET "
    f"{', '.join(f'{name} = EXCLUDED.{name}' for name in UPSERT_UPDATED_FIELDS)}, "
    # Stock is set on top of the reservation the row holds when the update takes its lock.
    f"quantity_on_hand = catalog_listing.quantity_reserved + EXCLUDED.quantity_on_hand "
    f"RETURNING id, sku, (xmax = 0) AS created"
)


def _text(value: str) -> str:
    return value.translate(_ESCAPES)


def _number(value: Decimal | int | None) -> str:
    return _NULL if value is None else str(value)


@lru_cache(maxsize=_PARSED_CACHE)
def _parsed_copy_text(designation: str, brand_code: str) -> str:
    """The COPY fields from `designation` to `search_key`, tab-joined."""
    a = parsed_attributes(designation, brand_code)
    return "\t".join(
        (
            _text(designation),
            "t" if a["recognized"] else "f",
            _text(a["base_designation"]),
            _text(a["variant"]),
            a["bearing_type"],
            a["seal"],
            a["clearance"],
            a["precision"],
            str(a["precision_rank"]),
            _number(a["bore_mm"]),
            _number(a["outer_diameter_mm"]),
            _number(a["width_mm"]),
            _text(a["canonical"]),
            _text(a["search_key"]),
        )
    )


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
    *, supplier_id: int, items: Sequence[ListingInput], now: datetime
) -> tuple[list[int], list[int]]:
    """Create or update `items` (distinct SKUs) with their price breaks; (created ids, updated ids) in order."""
    if not items:
        return [], []
    columns = ", ".join(f"{name} {sql_type}" for name, sql_type in _STAGE_COLUMNS)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        # ON COMMIT DROP also covers a failed chunk; the explicit DROP lets one transaction run many.
        raw.execute(f"CREATE TEMP TABLE {_STAGE} ({columns}) ON COMMIT DROP")
        raw.copy_expert(f"COPY {_STAGE} FROM STDIN", io.StringIO(_listing_lines(items)))
        raw.execute(_UPSERT_SQL, {"supplier": supplier_id, "currency": CURRENCY, "now": now})
        returned = raw.fetchall()
        raw.execute(f"DROP TABLE {_STAGE}")
        ids = {sku: (listing_id, created) for listing_id, sku, created in returned}
        updated_ids = [ids[item.sku][0] for item in items if not ids[item.sku][1]]
        if updated_ids:
            raw.execute("DELETE FROM catalog_pricebreak WHERE listing_id = ANY(%s)", [updated_ids])
        breaks = "".join(
            f"{ids[item.sku][0]}\t{quantity}\t{price}\n" for item in items for quantity, price in item.price_breaks
        )
        raw.copy_expert(
            "COPY catalog_pricebreak (listing_id, min_quantity, unit_price) FROM STDIN", io.StringIO(breaks)
        )
    created_ids = [ids[item.sku][0] for item in items if ids[item.sku][1]]
    return created_ids, updated_ids
