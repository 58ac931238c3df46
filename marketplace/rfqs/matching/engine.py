"""Set-based matching: one query per RFQ however many lines it has (see sql.py).

The award path checks single listings with the Python rules (two queries for any number).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from catalog.choices import PRECISION_RANK
from catalog.models import Listing, PriceBreak
from catalog.pricing import line_total
from marketplace.organizations.choices import OrganizationStatus
from marketplace.rfqs.matching.rules import DIMENSIONAL, EQUIVALENT, EXACT, Candidate, LineSpec, Match, evaluate, rank
from marketplace.rfqs.matching.sql import ranked_rows, supplier_rows
from marketplace.rfqs.models import RfqLine

_COLUMNS = (
    "id",
    "supplier_id",
    "supplier__rating",
    "brand__code",
    "designation",
    "base_designation",
    "variant",
    "bearing_type",
    "seal",
    "clearance",
    "precision_rank",
    "bore_mm",
    "outer_diameter_mm",
    "width_mm",
    "quantity_available",
    "moq",
    "lead_time_days",
    "base_unit_price",
)
_KINDS = {0: EXACT, 1: EQUIVALENT, 2: DIMENSIONAL}


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
    )


def _visible_listings(buyer_id: int) -> Q:
    """Active listings of verified suppliers other than the buyer, with stock or a lead time."""
    return (
        Q(is_active=True, deleted_at__isnull=True, supplier__status=OrganizationStatus.VERIFIED)
        & ~Q(supplier_id=buyer_id)
        & (Q(quantity_available__gt=0) | Q(lead_time_days__gt=0))
    )


def _candidates(where: Q) -> list[Candidate]:
    rows = list(Listing.objects.filter(where).values_list(*_COLUMNS))
    breaks: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    if rows:
        for listing_id, min_quantity, unit_price in PriceBreak.objects.filter(
            listing_id__in=[row[0] for row in rows]
        ).values_list("listing_id", "min_quantity", "unit_price"):
            breaks[listing_id].append((min_quantity, unit_price))
    return [Candidate(*row[:17], breaks=tuple(breaks.get(row[0], ())), base_unit_price=row[17]) for row in rows]


def match_lines(*, lines: Sequence[LineSpec], buyer_id: int, limit: int | None = None) -> list[LineMatches]:
    """Ranked matches for each line (best first, at most `limit` each) from one query for all lines."""
    by_line: dict[int, list[Match]] = defaultdict(list)
    rows = ranked_rows(lines=lines, buyer_id=buyer_id, today=timezone.localdate(), limit=limit)
    quantities = {line.id: line.quantity for line in lines}
    for line_id, listing_id, supplier_id, rating, brand, designation, available, lead, price, covers, kind in rows:
        by_line[line_id].append(
            Match(
                listing_id=listing_id,
                supplier_id=supplier_id,
                supplier_rating=rating,
                brand=brand,
                designation=designation,
                quantity_available=available,
                lead_time_days=lead,
                match_kind=_KINDS[kind],
                unit_price=price,
                line_total=line_total(price, quantities[line_id]),
                covers_quantity=covers,
            )
        )
    return [LineMatches(line=line, matches=rank(by_line.get(line.id, []))) for line in lines]


def matching_suppliers(*, lines: Sequence[LineSpec], buyer_id: int) -> dict[int, set[int]]:
    """Supplier ids with at least one matching listing, per line id (one query, no pricing)."""
    found: dict[int, set[int]] = defaultdict(set)
    for line_id, supplier_id in supplier_rows(lines=lines, buyer_id=buyer_id, today=timezone.localdate()):
        found[line_id].add(supplier_id)
    return found


def listings_for_award(*, listing_ids: Iterable[int], buyer_id: int) -> dict[int, Candidate]:
    """The listings named by award lines that the buyer may buy, as candidates (two queries)."""
    ids = sorted(set(listing_ids))
    if not ids:
        return {}
    return {c.listing_id: c for c in _candidates(_visible_listings(buyer_id) & Q(id__in=ids))}


def award_match(line: LineSpec, candidate: Candidate, quantity: int, today: date | None = None) -> Match | None:
    """The match of a listing for a line at the awarded quantity (moq and price at that quantity)."""
    return evaluate(line, candidate, today or timezone.localdate(), quantity=quantity)
