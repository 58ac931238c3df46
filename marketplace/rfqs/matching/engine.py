"""Set-based matching: two queries per RFQ however many lines it has.

One query fetches every listing that could fit any line (an OR of per-line index
probes on the bearing and dimension indexes, with the supplier and brand joined), one
more fetches their price breaks; the rules then run in Python per line over a bucket
keyed by base designation or dimensions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from catalog.choices import PRECISION_RANK, BearingType
from catalog.models import Listing, PriceBreak
from marketplace.organizations.choices import OrganizationStatus
from marketplace.rfqs.matching.rules import Candidate, LineSpec, Match, evaluate, rank
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
_ALL_TYPES = tuple(BearingType.values)


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


def _line_filter(line: LineSpec) -> Q | None:
    """The index probe for one line; the rules re-check everything in Python."""
    if not line.is_matchable:
        return None
    if line.is_dimensional:
        q = Q(
            bearing_type__in=(line.bearing_type,) if line.bearing_type else _ALL_TYPES,
            bore_mm=line.bore_mm,
            outer_diameter_mm=line.outer_diameter_mm,
            width_mm=line.width_mm,
        )
    else:
        q = Q(base_designation=line.base_designation, variant=line.variant)
    if line.seal:
        q &= Q(seal=line.seal)
    if line.clearance:
        q &= Q(clearance=line.clearance)
    if line.precision_rank:
        q &= Q(precision_rank__gte=line.precision_rank)
    if line.brand and not line.accept_equivalents:
        q &= Q(brand__code=line.brand)
    return q & Q(moq__lte=line.quantity)


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
    """Ranked matches for each line (best first, at most `limit` each), in two queries."""
    probes = [q for q in (_line_filter(line) for line in lines) if q is not None]
    candidates = _candidates(_visible_listings(buyer_id) & reduce(or_, probes)) if probes else []
    by_base: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    by_dimensions: dict[tuple, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_base[(candidate.base_designation, candidate.variant)].append(candidate)
        by_dimensions[candidate.dimensions].append(candidate)
    today = timezone.localdate()
    result = []
    for line in lines:
        if not line.is_matchable:
            result.append(LineMatches(line=line, matches=[]))
            continue
        bucket = by_dimensions[line.dimensions] if line.is_dimensional else by_base[
            (line.base_designation, line.variant)
        ]
        ranked = rank([m for m in (evaluate(line, c, today) for c in bucket) if m is not None])
        result.append(LineMatches(line=line, matches=ranked[:limit] if limit else ranked))
    return result


def listings_for_award(*, listing_ids: Iterable[int], buyer_id: int) -> dict[int, Candidate]:
    """The listings named by award lines that the buyer may buy, as candidates (two queries)."""
    ids = sorted(set(listing_ids))
    if not ids:
        return {}
    return {c.listing_id: c for c in _candidates(_visible_listings(buyer_id) & Q(id__in=ids))}


def award_match(line: LineSpec, candidate: Candidate, quantity: int, today: date | None = None) -> Match | None:
    """The match of a listing for a line at the awarded quantity (moq and price at that quantity)."""
    return evaluate(line, candidate, today or timezone.localdate(), quantity=quantity)
