"""The matching engine: which listings fit an RFQ's lines, and in what order."""

from marketplace.rfqs.matching.engine import (
    LineMatches,
    award_match,
    line_spec,
    listings_for_award,
    match_lines,
    matching_suppliers,
)
from marketplace.rfqs.matching.rules import Candidate, LineSpec, Match, evaluate, rank

__all__ = [
    "Candidate",
    "LineMatches",
    "LineSpec",
    "Match",
    "award_match",
    "evaluate",
    "line_spec",
    "listings_for_award",
    "match_lines",
    "matching_suppliers",
    "rank",
]
