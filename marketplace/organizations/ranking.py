"""The supplier score as ranking reads it: a `new` supplier counts as the prior, 70.

The scorecard (insights) writes `Organization.score` and `standing` through
`organization_scores_set`; matching, quote comparison and RFQ invitations rank and filter by
`ranking_score`, so a supplier with too few completed orders is neither favoured nor penalised.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, DecimalField, Value, When
from django.db.models.expressions import Expression

from marketplace.organizations.choices import SupplierStanding

NEW_SUPPLIER_SCORE = Decimal("70.00")


def ranking_score(score: Decimal, standing: str) -> Decimal:
    return NEW_SUPPLIER_SCORE if standing == SupplierStanding.NEW else score


def ranking_score_sql(alias: str) -> str:
    """The same as SQL over an organisation table aliased `alias` (a constant, never user input)."""
    new = SupplierStanding.NEW.value
    return f"(CASE WHEN {alias}.standing = '{new}' THEN {NEW_SUPPLIER_SCORE} ELSE {alias}.score END)"


def ranking_score_expression(prefix: str = "") -> Expression:
    """The same as an ORM expression; `prefix` is the lookup path to the organisation (e.g. "supplier__")."""
    return Case(
        When(**{f"{prefix}standing": SupplierStanding.NEW}, then=Value(NEW_SUPPLIER_SCORE)),
        default=f"{prefix}score",
        output_field=DecimalField(max_digits=5, decimal_places=2),
    )
