"""The matcher's PostgreSQL statements: one per RFQ (two at most), whatever the line count.

`pruned_rows` (query A) reads each line's few listings with the lowest price bound
(`min_unit_price`) from index-only scans and prices just those; `ranked_rows` (query B, and
the path without a limit) evaluates every candidate of the lines it is given: a LATERAL
subquery per line filters on the bearing or dimension index, prices each candidate at the
line's quantity from its breaks, orders by the contract's ranking and keeps `limit` rows.
`engine.py` proves which lines query A settles; `rules.py` states the rules in Python (the
award path and tests use it); they are tested against each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from django.db import connections, router

from catalog.choices import AuthorizationStatus, BearingType, Clearance, Seal
from catalog.freshness import stale_before
from catalog.models import Brand, BrandAuthorization, Listing, PriceBreak
from marketplace.organizations.models import Organization
from marketplace.organizations.ranking import ranking_score_sql
from marketplace.rfqs.matching.rules import LineSpec

_LISTING = Listing._meta.db_table
_BREAK = PriceBreak._meta.db_table
_ORG = Organization._meta.db_table
_BRAND = Brand._meta.db_table
_AUTH = BrandAuthorization._meta.db_table

# A stale listing (stock not confirmed since %(stale_before)s) never covers, by stock or by lead time.
_COVERS = (
    "(l.stock_confirmed_at >= %(stale_before)s AND (l.quantity_available >= ln.qty"
    " OR (ln.days_left IS NOT NULL AND l.lead_time_days > 0 AND l.lead_time_days <= ln.days_left)))"
)
# The supplier's ranking score (70 while `new`) and whether it holds a counting authorisation for the
# listing's brand (an index probe on brandauth_counting_idx).
_SCORE = ranking_score_sql("o")
_AUTHORIZED = (
    f"EXISTS (SELECT 1 FROM {_AUTH} a WHERE a.supplier_id = l.supplier_id AND a.brand_id = l.brand_id"  # noqa: S608
    f" AND a.status = '{AuthorizationStatus.VERIFIED.value}' AND a.valid_until >= %(today)s)"
)

# Table names come from model metadata; every value is a bound parameter.
_SELECT = f"""
SELECT ln.line_id, m.id AS listing_id, m.supplier_id, m.supplier_score, m.supplier_standing, m.code AS brand,
       m.designation, m.quantity_available, m.lead_time_days, m.unit_price, m.covers, m.kind,
       m.stock_confirmed_at, m.authorized
FROM {{lines}}
CROSS JOIN LATERAL (
    SELECT l.id, l.supplier_id, {_SCORE} AS supplier_score, o.standing AS supplier_standing, b.code, l.designation,
           l.quantity_available, l.lead_time_days, p.unit_price, {_COVERS} AS covers, {{kind}} AS kind,
           l.stock_confirmed_at, {_AUTHORIZED} AS authorized
    FROM {_LISTING} l
    JOIN {_ORG} o ON o.id = l.supplier_id
    JOIN {_BRAND} b ON b.id = l.brand_id
    CROSS JOIN LATERAL (
        SELECT pb.unit_price FROM {_BREAK} pb
        WHERE pb.listing_id = l.id AND pb.min_quantity <= ln.qty
        ORDER BY pb.min_quantity DESC LIMIT 1
    ) p
    WHERE {{where}}
    ORDER BY covers DESC, kind, p.unit_price, supplier_score DESC, l.lead_time_days, l.id
    {{limit}}
) m
"""  # noqa: S608
# Pruned: per line, up to three scans of `scan` listings each in min_unit_price order, read from
# the indexes alone: (0) the bearing's (or size's) listings, unless the line takes only its brand;
# (1) its brand's, for a designation line stating one; (2) those covering the quantity; (3) its
# brand's covering the quantity. Each bound
# holds for every listing a scan did not read, matching or not, so filters and pricing apply only
# to the rows read. A row that does not match (or has no break at the quantity) comes back with a
# NULL price; `sources` says which scans read it.
_PRUNED = f"""
SELECT ln.line_id, k.id AS listing_id, m.supplier_id, m.supplier_score, m.supplier_standing, m.code AS brand,
       m.designation, m.quantity_available, m.lead_time_days, p.unit_price, m.covers, m.kind,
       m.stock_confirmed_at, m.authorized, k.min_unit_price, k.sources
FROM {{lines}}
CROSS JOIN LATERAL (
    SELECT s.id, s.min_unit_price, array_agg(s.source) AS sources FROM (
        (SELECT l.id, l.min_unit_price, 0 AS source FROM {_LISTING} l
         WHERE {{all_guard}}{{scan}} ORDER BY l.min_unit_price LIMIT %(scan)s)
        {{brand_scan}}
        UNION ALL
        (SELECT l.id, l.min_unit_price, 2 FROM {_LISTING} l
         WHERE {{scan}} AND {_COVERS} ORDER BY l.min_unit_price LIMIT %(scan)s)
    ) s
    GROUP BY s.id, s.min_unit_price
) k
LEFT JOIN LATERAL (
    SELECT l.supplier_id, {_SCORE} AS supplier_score, o.standing AS supplier_standing, b.code, l.designation,
           l.quantity_available, l.lead_time_days, {_COVERS} AS covers, {{kind}} AS kind, l.stock_confirmed_at,
           {_AUTHORIZED} AS authorized
    FROM {_LISTING} l
    JOIN {_ORG} o ON o.id = l.supplier_id
    JOIN {_BRAND} b ON b.id = l.brand_id
    WHERE l.id = k.id AND {{where}}
) m ON TRUE
LEFT JOIN LATERAL (
    SELECT pb.unit_price FROM {_BREAK} pb
    WHERE pb.listing_id = k.id AND pb.min_quantity <= ln.qty AND m.kind IS NOT NULL
    ORDER BY pb.min_quantity DESC LIMIT 1
) p ON TRUE
"""  # noqa: S608
# Matching rules the scan indexes can check without the heap (their included columns).
_IN_INDEX = (
    " AND l.precision_rank >= ln.prank AND l.moq <= ln.qty AND (l.quantity_available > 0 OR l.lead_time_days > 0)"
)
_OF_BRAND = (
    f"ln.brand <> '' AND l.brand_id = (SELECT id FROM {_BRAND} WHERE code = ln.brand)"  # noqa: S608
    " AND l.base_designation = ln.base AND l.variant = ln.variant AND l.seal = ln.seals[1]"
    " AND l.clearance = ln.clearances[1]"
)
_BRAND_SCAN = f"""UNION ALL
        (SELECT l.id, l.min_unit_price, 1 FROM {_LISTING} l
         WHERE {_OF_BRAND}{_IN_INDEX} ORDER BY l.min_unit_price LIMIT %(scan)s)
        UNION ALL
        (SELECT l.id, l.min_unit_price, 3 FROM {_LISTING} l
         WHERE {_OF_BRAND}{_IN_INDEX} AND {_COVERS} ORDER BY l.min_unit_price LIMIT %(scan)s)"""  # noqa: S608
_SCAN = {
    "bearing": "l.base_designation = ln.base AND l.variant = ln.variant AND l.seal = ln.seals[1]"
    " AND l.clearance = ln.clearances[1]" + _IN_INDEX,
    "size": "l.bore_mm = ln.bore AND l.outer_diameter_mm = ln.od AND l.width_mm = ln.width"
    " AND l.bearing_type = ANY(ln.types)" + _IN_INDEX,
}
# What the scan leaves to check (it already fixed the bearing or size): no other index applies,
# so each kept row is fetched by primary key.
_RESIDUAL = {
    "bearing": "(ln.bore IS NULL OR l.bore_mm = ln.bore) AND (ln.od IS NULL OR l.outer_diameter_mm = ln.od)"
    " AND (ln.width IS NULL OR l.width_mm = ln.width) AND l.bearing_type = ANY(ln.types)",
    "size": "l.bearing_type = ANY(ln.types)",
}
ALL, OF_BRAND, COVERING, BRAND_COVERING = 0, 1, 2, 3
_WHERE = f"""{{bearing}}
      AND l.seal = ANY(ln.seals) AND l.clearance = ANY(ln.clearances) AND l.precision_rank >= ln.prank
      AND l.is_active AND l.deleted_at IS NULL AND o.status = 'verified' AND l.supplier_id <> %(buyer)s
      AND (l.quantity_available > 0 OR l.lead_time_days > 0) AND l.moq <= ln.qty
      AND (ln.accept_eq OR ln.brand = '' OR b.code = ln.brand) AND l.min_unit_price <= ln.cap
      AND (ln.min_score IS NULL OR {_SCORE} >= ln.min_score) AND (NOT ln.auth_only OR {_AUTHORIZED})"""
_LINES = """{lines} AS ln(line_id, qty, brand, accept_eq, days_left, base, variant, types, bore, od, width,
                     seals, clearances, prank, cap, min_score, auth_only)"""
_SUPPLIERS = f"""
SELECT DISTINCT ln.line_id, l.supplier_id
FROM {{lines}}
JOIN {_LISTING} l ON TRUE
JOIN {_ORG} o ON o.id = l.supplier_id
JOIN {_BRAND} b ON b.id = l.brand_id
WHERE {{where}}
"""  # noqa: S608
_BY_DESIGNATION = {
    # A recognized designation always states seal and clearance: all four columns of listing_bearing_idx.
    "bearing": "l.base_designation = ln.base AND l.variant = ln.variant"
    " AND l.seal = ln.seals[1] AND l.clearance = ln.clearances[1]"
    " AND (ln.bore IS NULL OR l.bore_mm = ln.bore) AND (ln.od IS NULL OR l.outer_diameter_mm = ln.od)"
    " AND (ln.width IS NULL OR l.width_mm = ln.width) AND l.bearing_type = ANY(ln.types)",
    "kind": "CASE WHEN ln.brand = '' OR b.code = ln.brand THEN 0 ELSE 1 END",
}
_BY_DIMENSIONS = {
    "bearing": "l.bearing_type = ANY(ln.types) AND l.bore_mm = ln.bore AND l.outer_diameter_mm = ln.od"
    " AND l.width_mm = ln.width",
    "kind": "2",
}
_ALL_TYPES = list(BearingType.values)
_ALL_SEALS = [*Seal.values, ""]
_ALL_CLEARANCES = [*Clearance.values, ""]


class MatchRow(NamedTuple):
    """One listing priced for one line (query B), built from the statement's column names."""

    line_id: int
    listing_id: int
    supplier_id: int
    supplier_score: Decimal
    supplier_standing: str
    brand: str
    designation: str
    quantity_available: int
    lead_time_days: int
    unit_price: Decimal
    covers: bool
    kind: int
    stock_confirmed_at: datetime
    authorized: bool


class PrunedRow(NamedTuple):
    """One listing a scan of query A read: priced and classified only when it matches (else NULLs)."""

    line_id: int
    listing_id: int
    supplier_id: int | None
    supplier_score: Decimal | None
    supplier_standing: str | None
    brand: str | None
    designation: str | None
    quantity_available: int | None
    lead_time_days: int | None
    unit_price: Decimal | None
    covers: bool | None
    kind: int | None
    stock_confirmed_at: datetime | None
    authorized: bool | None
    min_unit_price: Decimal
    sources: list[int]


class SupplierRow(NamedTuple):
    line_id: int
    supplier_id: int


_R = TypeVar("_R", MatchRow, PrunedRow, SupplierRow)


NO_CAP = Decimal("999999999999.99")


def _moment(today: date) -> dict[str, Any]:
    """The time-dependent parameters: today (authorisations' valid_until) and the staleness cut-off."""
    return {"today": today, "stale_before": stale_before()}  # the largest Decimal(14, 2)


def _values(
    lines: Sequence[LineSpec], today: date, params: dict, prefix: str, caps: Mapping[int, Decimal] | None = None
) -> str:
    """A VALUES list of the lines' parameters, typed so PostgreSQL plans the index probes."""
    rows = []
    for n, line in enumerate(lines):
        key = f"{prefix}{n}_"
        params.update(
            {
                f"{key}id": line.id,
                f"{key}qty": line.quantity,
                f"{key}brand": line.brand,
                f"{key}eq": line.accept_equivalents,
                f"{key}days": (line.required_by - today).days if line.required_by else None,
                f"{key}base": line.base_designation,
                f"{key}variant": line.variant,
                f"{key}types": [line.bearing_type] if line.bearing_type else _ALL_TYPES,
                f"{key}bore": line.bore_mm,
                f"{key}od": line.outer_diameter_mm,
                f"{key}width": line.width_mm,
                f"{key}seals": [line.seal] if line.seal else _ALL_SEALS,
                f"{key}clearances": [line.clearance] if line.clearance else _ALL_CLEARANCES,
                f"{key}prank": line.precision_rank or 0,
                f"{key}cap": (caps or {}).get(line.id, NO_CAP),
                f"{key}min_score": line.min_supplier_score,
                f"{key}auth_only": line.authorized_only,
            }
        )
        rows.append(
            f"(%({key}id)s::bigint, %({key}qty)s::integer, %({key}brand)s::text, %({key}eq)s::boolean, "
            f"%({key}days)s::integer, %({key}base)s::text, %({key}variant)s::text, %({key}types)s::text[], "
            f"%({key}bore)s::numeric, %({key}od)s::numeric, %({key}width)s::numeric, %({key}seals)s::text[], "
            f"%({key}clearances)s::text[], %({key}prank)s::integer, %({key}cap)s::numeric, "
            f"%({key}min_score)s::numeric, %({key}auth_only)s::boolean)"
        )
    return "(VALUES " + ", ".join(rows) + ")"


def _parts(
    lines: Sequence[LineSpec],
    today: date,
    params: dict,
    template: str,
    limit: int | None,
    *,
    caps: Mapping[int, Decimal] | None = None,
) -> list[str]:
    parts = []
    for prefix, shape, chosen in (
        ("d", _BY_DESIGNATION, [x for x in lines if x.is_matchable and not x.is_dimensional]),
        ("m", _BY_DIMENSIONS, [x for x in lines if x.is_matchable and x.is_dimensional]),
    ):
        if chosen:
            parts.append(
                template.format(
                    lines=_LINES.format(lines=_values(chosen, today, params, prefix, caps)),
                    where=_WHERE.format(bearing=shape["bearing"]),
                    kind=shape["kind"],
                    limit="LIMIT %(limit)s" if limit else "",
                )
            )
    return parts


def pruned_rows(*, lines: Sequence[LineSpec], buyer_id: int, today: date, scan: int) -> list[PrunedRow]:
    """The rows each line's scans read (see _PRUNED), priced at the line's quantity: one query.

    Rows end with (min_unit_price, sources)."""
    params: dict = {"buyer": buyer_id, "scan": scan, **_moment(today)}
    parts = []
    for prefix, shape, chosen, order in (
        ("d", _BY_DESIGNATION, [x for x in lines if not x.is_dimensional], "bearing"),
        ("m", _BY_DIMENSIONS, [x for x in lines if x.is_dimensional], "size"),
    ):
        if chosen:
            parts.append(
                _PRUNED.format(
                    lines=_LINES.format(lines=_values(chosen, today, params, prefix)),
                    scan=_SCAN[order],
                    brand_scan=_BRAND_SCAN if order == "bearing" else "",
                    # A designation line taking only its brand reads it through the brand scan.
                    all_guard="(ln.accept_eq OR ln.brand = '') AND " if order == "bearing" else "",
                    where=_WHERE.format(bearing=_RESIDUAL[order]),
                    kind=shape["kind"],
                )
            )
    return _run(parts, params, PrunedRow)


def _run(parts: list[str], params: dict, row: type[_R]) -> list[_R]:
    """Run the union of `parts`; each row is built by column name, so a column added or moved in the
    SQL cannot shift a field (an unknown or missing name fails loudly)."""
    if not parts:
        return []
    # The router picks a replica inside replica_reads() (the matches endpoint), else the primary.
    with connections[router.db_for_read(Listing)].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"({part})" for part in parts), params)
        names = [column.name for column in cursor.description]
        return [row(**dict(zip(names, values, strict=True))) for values in cursor.fetchall()]


def ranked_rows(
    *,
    lines: Sequence[LineSpec],
    buyer_id: int,
    today: date,
    limit: int | None,
    caps: Mapping[int, Decimal] | None = None,
) -> list[MatchRow]:
    """Every line's matches, best first per line, at most `limit` each: one query for all lines.

    `caps` skips, per line id, listings whose min_unit_price is above the cap (proven not to rank)."""
    params: dict = {"buyer": buyer_id, "limit": limit, **_moment(today)}
    return _run(_parts(lines, today, params, _SELECT, limit, caps=caps), params, MatchRow)


def supplier_rows(*, lines: Sequence[LineSpec], buyer_id: int, today: date) -> list[SupplierRow]:
    """(line id, supplier id) for every supplier with a matching listing: one query, no pricing."""
    params: dict = {"buyer": buyer_id, **_moment(today)}
    return _run(_parts(lines, today, params, _SUPPLIERS, None), params, SupplierRow)
