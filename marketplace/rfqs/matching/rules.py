"""The matching rules and the ranking, on plain values (no database).

A listing matches a line when it is the same bearing (same base designation and variant,
or for a dimensional line the same type and dimensions), every attribute the line states
is equal (precision at least as high), its MOQ fits the quantity and it has stock or a
lead time. Ranking is lexicographic: covers the quantity, then exact before equivalent
before dimensional, then lower unit price, higher supplier score, shorter lead time.
A stale listing (stock not confirmed for MARKETPLACE_STOCK_STALE_DAYS) never covers. An RFQ's
`min_supplier_score` and a line's `authorized_only` leave out the suppliers below the score and
the listings whose supplier holds no counting authorisation for the brand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from catalog.pricing import line_total, unit_price_for

EXACT = "exact"
EQUIVALENT = "equivalent"
DIMENSIONAL = "dimensional"
STALE = "stale"  # catalog.freshness.StockStatus.STALE (this module stays free of Django)
_KIND_ORDER = {EXACT: 0, EQUIVALENT: 1, DIMENSIONAL: 2}

# Score = tier points + a place within the tier; each tier's floor is above the tier below's ceiling.
COVERS_POINTS = Decimal(50)
KIND_POINTS = {EXACT: Decimal(30), EQUIVALENT: Decimal(15), DIMENSIONAL: Decimal(0)}
IN_TIER_POINTS = Decimal(15)
SCORE_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LineSpec:
    """What one RFQ line asks for; empty/None attributes are not stated and match anything."""

    id: int
    quantity: int
    brand: str = ""
    accept_equivalents: bool = True
    base_designation: str = ""
    variant: str = ""
    bearing_type: str = ""
    seal: str = ""
    clearance: str = ""
    precision_rank: int | None = None
    bore_mm: Decimal | None = None
    outer_diameter_mm: Decimal | None = None
    width_mm: Decimal | None = None
    required_by: date | None = None
    min_supplier_score: Decimal | None = None
    authorized_only: bool = False

    @property
    def is_dimensional(self) -> bool:
        return not self.base_designation

    @property
    def dimensions(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        return (self.bore_mm, self.outer_diameter_mm, self.width_mm)

    @property
    def is_matchable(self) -> bool:
        """A dimensional line needs all three dimensions; an unrecognized designation alone matches nothing."""
        return bool(self.base_designation) or all(d is not None for d in self.dimensions)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A listing as the matcher sees it."""

    listing_id: int
    supplier_id: int
    supplier_score: Decimal  # the ranking score: 70 for a `new` supplier
    supplier_standing: str
    brand: str
    designation: str
    base_designation: str
    variant: str
    bearing_type: str
    seal: str
    clearance: str
    precision_rank: int
    bore_mm: Decimal | None
    outer_diameter_mm: Decimal | None
    width_mm: Decimal | None
    quantity_available: int
    moq: int
    lead_time_days: int
    stock_status: str = "fresh"
    authorized: bool = False
    breaks: tuple[tuple[int, Decimal], ...] = ()
    base_unit_price: Decimal | None = None

    @property
    def dimensions(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        return (self.bore_mm, self.outer_diameter_mm, self.width_mm)


@dataclass(slots=True)
class Match:
    """A listing that fits a line, priced at the line's quantity."""

    listing_id: int
    supplier_id: int
    supplier_score: Decimal
    supplier_standing: str
    brand: str
    designation: str
    quantity_available: int
    lead_time_days: int
    match_kind: str
    unit_price: Decimal
    line_total: Decimal
    covers_quantity: bool
    stock_status: str
    authorized: bool
    score: Decimal = Decimal(0)
    explanation: str = ""
    sort_key: tuple = field(default=(), repr=False)


def price_for(candidate: Candidate, quantity: int) -> Decimal | None:
    """The break price at this quantity; the listing's base price when it has no breaks."""
    if candidate.breaks:
        return unit_price_for(candidate.breaks, quantity)
    return candidate.base_unit_price


def match_kind_for(line: LineSpec, candidate: Candidate) -> str | None:
    """`exact`, `equivalent` or `dimensional` when the brand rules allow the candidate, else None.

    A line that names no brand accepts every brand as exact: the bearing is what was asked for.
    """
    same_brand = not line.brand or candidate.brand == line.brand
    if not same_brand and not line.accept_equivalents:
        return None
    if line.is_dimensional:
        return DIMENSIONAL
    return EXACT if same_brand else EQUIVALENT


def same_bearing(line: LineSpec, candidate: Candidate) -> bool:
    if line.is_dimensional:
        if not line.is_matchable or candidate.dimensions != line.dimensions:
            return False
        return not line.bearing_type or candidate.bearing_type == line.bearing_type
    return candidate.base_designation == line.base_designation and candidate.variant == line.variant


def states_agree(line: LineSpec, candidate: Candidate) -> bool:
    """Every attribute the line states is equal; precision at least as high."""
    if line.seal and candidate.seal != line.seal:
        return False
    if line.clearance and candidate.clearance != line.clearance:
        return False
    if line.precision_rank is not None and candidate.precision_rank < line.precision_rank:
        return False
    if line.bearing_type and candidate.bearing_type != line.bearing_type:
        return False
    return all(
        stated is None or stated == offered
        for stated, offered in zip(line.dimensions, candidate.dimensions, strict=True)
    )


def covers(line: LineSpec, candidate: Candidate, quantity: int, today: date) -> bool:
    """Enough stock now; or, when the line has a required-by date, made to order in time. Never stale."""
    if candidate.stock_status == STALE:
        return False
    if candidate.quantity_available >= quantity:
        return True
    return (
        line.required_by is not None
        and candidate.lead_time_days > 0
        and today + timedelta(days=candidate.lead_time_days) <= line.required_by
    )


def supplier_admitted(line: LineSpec, candidate: Candidate) -> bool:
    """The RFQ's minimum supplier score and the line's authorised-only rule."""
    if line.min_supplier_score is not None and candidate.supplier_score < line.min_supplier_score:
        return False
    return candidate.authorized or not line.authorized_only


def evaluate(line: LineSpec, candidate: Candidate, today: date, quantity: int | None = None) -> Match | None:
    """The match of a candidate for a line at `quantity` (default: the line's), or None."""
    quantity = line.quantity if quantity is None else quantity
    if not same_bearing(line, candidate) or not states_agree(line, candidate):
        return None
    if candidate.moq > quantity:
        return None
    if (candidate.quantity_available <= 0 and candidate.lead_time_days <= 0) or not supplier_admitted(line, candidate):
        return None
    kind = match_kind_for(line, candidate)
    if kind is None:
        return None
    unit_price = price_for(candidate, quantity)
    if unit_price is None:
        return None
    return Match(
        listing_id=candidate.listing_id,
        supplier_id=candidate.supplier_id,
        supplier_score=candidate.supplier_score,
        supplier_standing=candidate.supplier_standing,
        brand=candidate.brand,
        designation=candidate.designation,
        quantity_available=candidate.quantity_available,
        lead_time_days=candidate.lead_time_days,
        match_kind=kind,
        unit_price=unit_price,
        line_total=line_total(unit_price, quantity),
        covers_quantity=covers(line, candidate, quantity, today),
        stock_status=candidate.stock_status,
        authorized=candidate.authorized,
    )


def rank(matches: Sequence[Match]) -> list[Match]:
    """Best first, with a score that falls strictly from one distinct place to the next.

    score = 50 if it covers + 30 exact / 15 equivalent / 0 dimensional + 15 / (1 + place), where
    place counts the distinct better offers (by price, supplier score, lead time) in the same tier; equal
    offers score alike. Scores only depend on better offers, so a line cut to its best N keeps them.
    """
    for m in matches:
        m.sort_key = (not m.covers_quantity, _KIND_ORDER[m.match_kind], m.unit_price, -m.supplier_score,
                      m.lead_time_days)  # fmt: skip
    ordered = sorted(matches, key=lambda m: (*m.sort_key, m.listing_id))
    places: dict[tuple, dict[tuple, int]] = {}
    for m in ordered:
        tier_places = places.setdefault(m.sort_key[:2], {})
        place = tier_places.setdefault(m.sort_key, len(tier_places))
        tier = (COVERS_POINTS if m.covers_quantity else Decimal(0)) + KIND_POINTS[m.match_kind]
        m.score = (tier + IN_TIER_POINTS / (place + 1)).quantize(SCORE_PLACES, rounding=ROUND_DOWN)
        m.explanation = _explain(m, place)
    return ordered


def _explain(m: Match, place: int) -> str:
    stock = f"{m.quantity_available} in stock" if m.quantity_available > 0 else "made to order"
    return (
        f"{'covers' if m.covers_quantity else 'does not cover'} the quantity ({stock}, lead {m.lead_time_days} d); "
        f"{m.match_kind} {m.brand}; place {place + 1} in its tier by price, then supplier score {m.supplier_score}, "
        "then lead time"
    )
