"""The matcher on databases without LATERAL joins and arrays: the embedded SQLite default.

Two queries for any number of lines (the candidates of every line, then their price
breaks), ranked in Python by the same rules the PostgreSQL statement applies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q

from marketplace.rfqs.matching.candidates import candidates_where, visible_listings
from marketplace.rfqs.matching.rules import LineSpec, Match, evaluate, rank


def _bearing(line: LineSpec) -> Q:
    if line.is_dimensional:
        return Q(bore_mm=line.bore_mm, outer_diameter_mm=line.outer_diameter_mm, width_mm=line.width_mm)
    return Q(base_designation=line.base_designation, variant=line.variant)


def portable_matches(
    *, lines: Sequence[LineSpec], buyer_id: int, today: date, limit: int | None
) -> dict[int, list[Match]]:
    """Every matchable line's ranked matches, at most `limit` each."""
    matchable = [line for line in lines if line.is_matchable]
    if not matchable:
        return {}
    candidates = candidates_where(visible_listings(buyer_id) & reduce(or_, (_bearing(line) for line in matchable)))
    by_line: dict[int, list[Match]] = defaultdict(list)
    for line in matchable:
        found = [match for candidate in candidates if (match := evaluate(line, candidate, today)) is not None]
        by_line[line.id] = rank(found)[:limit] if limit else rank(found)
    return by_line


def portable_suppliers(*, lines: Sequence[LineSpec], buyer_id: int, today: date) -> dict[int, set[int]]:
    """Supplier ids with at least one matching listing, per line id."""
    return {
        line_id: {match.supplier_id for match in matches}
        for line_id, matches in portable_matches(lines=lines, buyer_id=buyer_id, today=today, limit=None).items()
        if matches
    }
