"""The SQL matcher agrees with the Python rules it mirrors, on a varied market."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Listing
from marketplace.rfqs.matching import LineSpec, evaluate, listings_for_award, match_lines, rank
from marketplace.rfqs.matching.rules import EXACT, Candidate
from tests.factories import OrganizationFactory
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db

DESIGNATIONS = [("SKF", "6205-2RSH"), ("NSK", "6205DDU"), ("ZWZ", "6205-2RS/C3"), ("SKF", "6205"), ("FAG", "6205-2RSR")]
DESIGNATIONS += [("NTN", "6205LLU/P5"), ("ZWZ", "6205-2Z"), ("HRB", "6305-2RS"), ("FAG", "NU205")]


def test_sql_matcher_agrees_with_the_python_rules(buyer):
    rng = random.Random(5)
    suppliers = [
        OrganizationFactory(kind="supplier", status=rng.choice(["verified", "verified", "pending"])) for _ in range(6)
    ]
    for _ in range(60):
        brand, designation = rng.choice(DESIGNATIONS)
        ListingFactory(
            supplier=rng.choice(suppliers),
            brand=brand,
            designation=designation,
            quantity_on_hand=rng.choice([0, 0, 50, 500]),
            lead_time_days=rng.choice([0, 5, 40]),
            moq=rng.choice([1, 100]),
            breaks=[(1, f"{rng.randint(5, 20)}.00"), (100, f"{rng.randint(3, 9)}.50")],
        )
    in_time = timezone.localdate() + timedelta(days=10)
    lines = [
        LineSpec(id=1, quantity=80, base_designation="6205", seal="2RS", clearance="CN", precision_rank=0),
        LineSpec(id=2, quantity=150, brand="SKF", base_designation="6205", seal="2RS", clearance="CN"),
        LineSpec(
            id=3, quantity=100, brand="NSK", accept_equivalents=False, base_designation="6205", seal="2RS",
            clearance="CN", required_by=in_time,
        ),
        LineSpec(id=4, quantity=120, bore_mm=25, outer_diameter_mm=52, width_mm=15, required_by=in_time),
        LineSpec(id=5, quantity=10, base_designation="6205", seal="2RS", clearance="CN", precision_rank=2),
    ]  # fmt: skip
    sql_results = match_lines(lines=lines, buyer_id=buyer.pk)
    candidates: dict[int, Candidate] = listings_for_award(
        listing_ids=Listing.objects.values_list("pk", flat=True), buyer_id=buyer.pk
    )
    today = timezone.localdate()
    checked = 0
    for line, result in zip(lines, sql_results, strict=True):
        expected = rank([m for m in (evaluate(line, c, today) for c in candidates.values()) if m is not None])
        got = [(m.listing_id, m.match_kind, m.unit_price, m.covers_quantity, m.score) for m in result.matches]
        assert got == [(m.listing_id, m.match_kind, m.unit_price, m.covers_quantity, m.score) for m in expected]
        checked += len(got)
    assert checked > 20
    assert any(m.match_kind == EXACT for r in sql_results for m in r.matches)
