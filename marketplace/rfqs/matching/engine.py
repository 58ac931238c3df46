"""Set-based matching: one or two queries per RFQ however many lines it has (see sql.py).

With a limit, query A reads each line's first few listings by price bound (min_unit_price)
in up to four scans (all, covering, the stated brand's, its covering ones) and proves per
line that no unread listing could enter the top `limit`; query B evaluates only the unproven
lines (docs/benchmarks/matching.md states the proof).
The award path checks single listings with the Python rules (two queries for any number).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from catalog.choices import PRECISION_RANK
from catalog.freshness import stock_status
from catalog.pricing import line_total
from marketplace.rfqs.matching.candidates import candidates_where, visible_listings
from marketplace.rfqs.matching.portable import portable_matches, portable_suppliers
from marketplace.rfqs.matching.rules import DIMENSIONAL, EQUIVALENT, EXACT, Candidate, LineSpec, Match, evaluate, rank
from marketplace.rfqs.matching.sql import (
    ALL,
    BRAND_COVERING,
    COVERING,
    OF_BRAND,
    MatchRow,
    PrunedRow,
    pruned_rows,
    ranked_rows,
    supplier_rows,
)
from marketplace.rfqs.models import RfqLine

_KINDS = {0: EXACT, 1: EQUIVALENT, 2: DIMENSIONAL}
# Candidates read per line by the pruned scan, as a multiple of the limit (and at least this many).
SCAN_FACTOR = 2
SCAN_MIN = 20


@dataclass(slots=True)
class LineMatches:
    line: LineSpec
    matches: list[Match]


def line_spec(line: RfqLine) -> LineSpec:
    """The matcher's view of a stored RFQ line."""
    return LineSpec(
        id=line.pk,
        quantity=line.quantity,
        brand=line.brand,
        accept_equivalents=line.accept_equivalents,
        base_designation=line.base_designation,
        variant=line.variant,
        bearing_type=line.bearing_type,
        seal=line.seal,
        clearance=line.clearance,
        precision_rank=PRECISION_RANK[line.precision] if line.precision else None,
        bore_mm=line.bore_mm,
        outer_diameter_mm=line.outer_diameter_mm,
        width_mm=line.width_mm,
        required_by=line.required_by,
        min_supplier_score=line.rfq.min_supplier_score,  # the RFQ is cached on lines read through it
        authorized_only=line.authorized_only,
    )


def _match(row: MatchRow | PrunedRow, quantity: int) -> Match:
    return Match(
        listing_id=row.listing_id,
        supplier_id=row.supplier_id,
        supplier_score=row.supplier_score,
        supplier_standing=row.supplier_standing,
        brand=row.brand,
        designation=row.designation,
        quantity_available=row.quantity_available,
        lead_time_days=row.lead_time_days,
        match_kind=_KINDS[row.kind],
        unit_price=row.unit_price,
        line_total=line_total(row.unit_price, quantity),
        covers_quantity=row.covers,
        stock_status=stock_status(row.stock_confirmed_at),
        authorized=row.authorized,
    )


def _full(
    lines: Sequence[LineSpec], buyer_id: int, today: date, limit: int | None, caps: dict[int, Decimal] | None = None
) -> dict[int, list[Match]]:
    quantities = {line.id: line.quantity for line in lines}
    by_line: dict[int, list[Match]] = defaultdict(list)
    for row in ranked_rows(lines=lines, buyer_id=buyer_id, today=today, limit=limit, caps=caps):
        by_line[row.line_id].append(_match(row, quantities[row.line_id]))
    return {line_id: rank(matches) for line_id, matches in by_line.items()}


def _row_key(row: PrunedRow) -> tuple:
    # The contract's ranking (rules.rank's sort key), listing id last as in SQL.
    return (not row.covers, row.kind, row.unit_price, -row.supplier_score, row.lead_time_days, row.listing_id)


# Per class of listing a line may match, (covers, kind) and the scans whose scope holds it: the
# scans of query A are all listings (ALL), covering (COVERING), the line's brand (OF_BRAND) and its
# brand covering (BRAND_COVERING); a designation line taking only its brand skips ALL.
_ANY_BRAND = (((True, 0), (ALL, COVERING)), ((False, 0), (ALL,)))
_CLASSES = {
    "plain": _ANY_BRAND,
    "dimensional": (((True, 2), (ALL, COVERING)), ((False, 2), (ALL,))),
    "brand": (
        ((True, 0), (ALL, COVERING, OF_BRAND, BRAND_COVERING)),
        ((False, 0), (ALL, OF_BRAND)),
        ((True, 1), (ALL, COVERING)),
        ((False, 1), (ALL,)),
    ),
    "brand only": (((True, 0), (COVERING, OF_BRAND, BRAND_COVERING)), ((False, 0), (OF_BRAND,))),
}


def _classes(line: LineSpec) -> tuple:
    if line.is_dimensional:
        return _CLASSES["dimensional"]
    if not line.brand:
        return _CLASSES["plain"]
    return _CLASSES["brand" if line.accept_equivalents else "brand only"]


def _bounds(line: LineSpec, read: dict[int, tuple[int, Decimal]], scan: int) -> list[tuple]:
    """The best key an unread listing could have, per class of listing that may have one.

    A scan that read fewer than `scan` rows read every listing in its scope. Otherwise every listing
    in its scope it did not read has min_unit_price (a lower bound of any price) >= its largest.
    """
    bounds = []
    for (cover, kind), scopes in _classes(line):
        if all(read.get(source, (0, 0))[0] >= scan for source in scopes):
            bounds.append((not cover, kind, max(read[source][1] for source in scopes)))
    return bounds


def pruned_matches(
    lines: Sequence[LineSpec], buyer_id: int, today: date, limit: int, scan: int
) -> tuple[dict[int, list[Match]], list[LineSpec], dict[int, Decimal]]:
    """Query A alone: every line's best `limit` of the listings read, the lines not proven by them,
    and for some of those a price cap: an unread listing whose min_unit_price exceeds it cannot rank."""
    rows = pruned_rows(lines=lines, buyer_id=buyer_id, today=today, scan=scan)
    found: dict[int, list[PrunedRow]] = defaultdict(list)
    reads: dict[int, dict[int, tuple[int, Decimal]]] = defaultdict(dict)
    for row in rows:
        for source in row.sources:
            count, highest = reads[row.line_id].get(source, (0, row.min_unit_price))
            reads[row.line_id][source] = (count + 1, max(highest, row.min_unit_price))
        if row.unit_price is not None:
            found[row.line_id].append(row)
    read: dict[int, list[Match]] = {}
    unproven, caps = [], {}
    for line in lines:
        best = [_match(row, line.quantity) for row in sorted(found[line.id], key=_row_key)[:limit]]
        ranked = rank(best)  # places depend only on better offers: ranking the best `limit` is exact
        read[line.id] = ranked
        bounds = _bounds(line, reads[line.id], scan)
        # The limit-th match must beat every bound strictly: equal prices fall to supplier score and lead time.
        if not bounds or (len(ranked) == limit and all(ranked[-1].sort_key[:3] < b for b in bounds)):
            continue
        unproven.append(line)
        # When no unread listing can be in a better (covers, kind) group than the limit-th match, only
        # those priced at most its price can reach it, and their min_unit_price is no higher.
        if len(ranked) == limit and all(ranked[-1].sort_key[:2] <= b[:2] for b in bounds):
            caps[line.id] = ranked[-1].unit_price
    return read, unproven, caps


def match_lines(
    *, lines: Sequence[LineSpec], buyer_id: int, limit: int | None = None, scan: int | None = None
) -> list[LineMatches]:
    """Ranked matches for each line (best first, at most `limit` each): one or two queries for all lines.

    `scan` overrides the candidates read per line before falling back to the full evaluation.
    """
    today = timezone.localdate()
    if connection.vendor != "postgresql":
        found = portable_matches(lines=lines, buyer_id=buyer_id, today=today, limit=limit)
        return [LineMatches(line=line, matches=found.get(line.id, [])) for line in lines]
    matchable = [line for line in lines if line.is_matchable]
    if limit is None:
        by_line = _full(matchable, buyer_id, today, None)
    else:
        by_line, unproven, caps = pruned_matches(
            matchable, buyer_id, today, limit, scan or max(SCAN_MIN, SCAN_FACTOR * limit)
        )
        full = _full(unproven, buyer_id, today, limit, caps) if unproven else {}
        for line in unproven:
            if line.id not in caps:
                by_line[line.id] = full.get(line.id, [])
                continue
            # Capped: the unread contenders come from query B, the read ones (any group) from query A.
            merged = {m.listing_id: m for m in (*by_line[line.id], *full.get(line.id, []))}
            by_line[line.id] = rank(list(merged.values()))[:limit]
    return [LineMatches(line=line, matches=by_line.get(line.id, [])) for line in lines]


def matching_suppliers(*, lines: Sequence[LineSpec], buyer_id: int) -> dict[int, set[int]]:
    """Supplier ids with at least one matching listing, per line id (one query, no pricing)."""
    if connection.vendor != "postgresql":
        return portable_suppliers(lines=lines, buyer_id=buyer_id, today=timezone.localdate())
    found: dict[int, set[int]] = defaultdict(set)
    for row in supplier_rows(lines=lines, buyer_id=buyer_id, today=timezone.localdate()):
        found[row.line_id].add(row.supplier_id)
    return found


def listings_for_award(*, listing_ids: Iterable[int], buyer_id: int) -> dict[int, Candidate]:
    """The listings named by award lines that the buyer may buy, as candidates (two queries)."""
    ids = sorted(set(listing_ids))
    if not ids:
        return {}
    return {c.listing_id: c for c in candidates_where(visible_listings(buyer_id) & Q(id__in=ids))}


def award_match(line: LineSpec, candidate: Candidate, quantity: int, today: date | None = None) -> Match | None:
    """The match of a listing for a line at the awarded quantity (moq and price at that quantity)."""
    return evaluate(line, candidate, today or timezone.localdate(), quantity=quantity)
