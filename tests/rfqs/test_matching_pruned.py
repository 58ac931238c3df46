"""The pruned matcher (cheapest-bound scan, proof, fallback) returns exactly the full ranking."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import BrandAuthorization, Listing
from marketplace.rfqs.matching import LineSpec, evaluate, listings_for_award, match_lines, rank
from marketplace.rfqs.matching.engine import pruned_matches
from marketplace.rfqs.matching.portable import portable_matches, portable_suppliers
from tests.factories import OrganizationFactory
from tests.rfqs.factories import ListingFactory
from tests.rfqs.factories import brand as brand_of

pytestmark = pytest.mark.django_db

DESIGNATIONS = [("SKF", "6205-2RSH"), ("NSK", "6205DDU"), ("ZWZ", "6205-2RS"), ("FAG", "6205-2RSR"), ("SKF", "6205")]
DESIGNATIONS += [("NTN", "6205LLU"), ("ZWZ", "6205-2Z"), ("HRB", "6205-2RS/C3"), ("NSK", "6305DDU")]
DESIGNATIONS += [("NTN", "6205LLU/P5"), ("SKF", "6205-2RSH/P6")]
PRICES = ["5.00", "5.00", "6.00", "6.50", "7.00", "9.00"]
MIN_SCORES = [None, None, None, Decimal(70), Decimal("70.01"), Decimal(60)]


def _market(rng: random.Random, count: int) -> None:
    """Many listings of one bearing: tied prices and supplier scores (a new supplier counts as 70), breaks
    that start above small quantities, stale stock, and brand authorisations current or expired."""
    scores = [("55.00", "fair"), ("70.00", "good"), ("70.00", "good"), ("88.00", "excellent"), ("92.00", "new")]
    suppliers = []
    for _ in range(10):
        score, standing = rng.choice(scores)
        suppliers.append(
            OrganizationFactory(
                kind="supplier",
                status=rng.choice(["verified"] * 4 + ["pending"]),
                score=Decimal(score),
                standing=standing,
            )
        )
    today = timezone.localdate()
    for supplier in suppliers:
        for code in rng.sample(["SKF", "NSK", "ZWZ", "FAG"], 2):
            BrandAuthorization.objects.create(
                supplier=supplier,
                brand=brand_of(code),
                status=rng.choice(["verified", "verified", "pending"]),
                valid_until=today + timedelta(days=rng.choice([-1, 0, 30])),
                document_size=1,
            )
    for _ in range(count):
        brand, designation = rng.choice(DESIGNATIONS)
        price = Decimal(rng.choice(PRICES))
        breaks = [(rng.choice([1, 1, 1, 50]), price)]
        if rng.random() < 0.5:
            breaks.append((100, price - Decimal(rng.choice(["0.50", "2.00", "4.50"]))))
        ListingFactory(
            supplier=rng.choice(suppliers),
            brand=brand,
            designation=designation,
            quantity_on_hand=rng.choice([0, 0, 20, 200, 1000]),
            lead_time_days=rng.choice([0, 5, 40]),
            moq=rng.choice([1, 1, 1, 50]),
            breaks=breaks,
        )
    # An unknown bound (0) is legal: such listings are simply read first.
    ids = list(Listing.objects.values_list("pk", flat=True))
    Listing.objects.filter(pk__in=rng.sample(ids, len(ids) // 10)).update(min_unit_price=0)
    stale = timezone.now() - timedelta(days=20)
    Listing.objects.filter(pk__in=rng.sample(ids, len(ids) // 5)).update(stock_confirmed_at=stale)


def _lines(rng: random.Random) -> list[LineSpec]:
    in_time = timezone.localdate() + timedelta(days=10)
    lines = []
    for n in range(12):
        due = in_time if rng.random() < 0.4 else None
        quantity = rng.choice([10, 80, 150, 1000])
        if n % 4 == 3:
            lines.append(
                LineSpec(
                    id=n + 1,
                    quantity=quantity,
                    brand=rng.choice(["", "", "SKF"]),
                    accept_equivalents=rng.random() < 0.5,
                    bore_mm=25,
                    outer_diameter_mm=52,
                    width_mm=15,
                    required_by=due,
                    min_supplier_score=rng.choice(MIN_SCORES),
                    authorized_only=rng.random() < 0.2,
                )
            )
            continue
        brand = rng.choice(["", "", "SKF", "ZWZ", "NSK"])
        lines.append(
            LineSpec(
                id=n + 1,
                quantity=quantity,
                brand=brand,
                accept_equivalents=rng.random() < 0.7,
                base_designation="6205",
                seal="2RS",
                clearance=rng.choice(["CN", "CN", "C3"]),
                precision_rank=rng.choice([None, None, 0, 2]),
                required_by=due,
                min_supplier_score=rng.choice(MIN_SCORES),
                authorized_only=rng.random() < 0.2,
            )
        )
    return lines


def _shape(matches: list) -> list[tuple]:
    return [
        (m.listing_id, m.match_kind, m.unit_price, m.covers_quantity, m.score, m.supplier_score, m.stock_status,
         m.authorized)
        for m in matches
    ]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_pruned_matches_equal_the_full_ranking_and_the_python_rules(buyer, seed):
    rng = random.Random(seed)
    _market(rng, 140)
    lines = _lines(rng)
    candidates = listings_for_award(listing_ids=Listing.objects.values_list("pk", flat=True), buyer_id=buyer.pk)
    today = timezone.localdate()
    full = match_lines(lines=lines, buyer_id=buyer.pk)
    for limit, scan in [(3, 4), (3, 8), (5, 6), (5, 20), (10, 40)]:
        pruned = match_lines(lines=lines, buyer_id=buyer.pk, limit=limit, scan=scan)
        for line, got, everything in zip(lines, pruned, full, strict=True):
            expected = rank([m for m in (evaluate(line, c, today) for c in candidates.values()) if m is not None])
            assert _shape(got.matches) == _shape(expected[:limit]) == _shape(everything.matches[:limit])


def test_pruning_both_proves_lines_past_the_scan_and_falls_back(buyer):
    rng = random.Random(9)
    _market(rng, 160)
    lines = _lines(rng)
    full = {r.line.id: len(r.matches) for r in match_lines(lines=lines, buyer_id=buyer.pk)}
    best, unproven, caps = pruned_matches(lines, buyer.pk, timezone.localdate(), 5, 6)
    proven = set(best) - {line.id for line in unproven}
    # Proven by the bound, not by reading everything: the line has more matches than were scanned.
    assert any(full[line_id] > 6 for line_id in proven)
    # Some unproven lines get a price cap for query B, some the full evaluation.
    assert caps
    assert {line.id for line in unproven} - set(caps)


def test_matching_takes_at_most_two_queries_for_one_line_or_many(buyer, django_assert_max_num_queries):
    rng = random.Random(3)
    _market(rng, 80)
    lines = _lines(rng)
    for chosen in (lines[:1], lines):
        with CaptureQueriesContext(connection) as captured:
            match_lines(lines=chosen, buyer_id=buyer.pk, limit=2, scan=3)
        assert 1 <= len(captured.captured_queries) <= 2
        with django_assert_max_num_queries(1):
            match_lines(lines=chosen, buyer_id=buyer.pk, limit=2, scan=10_000)


@pytest.mark.parametrize(("brand", "accept_equivalents"), [("SKF", False), ("SKF", True), ("", True)])
def test_cheap_bounds_that_price_high_at_the_quantity_do_not_hide_cheaper_offers(buyer, brand, accept_equivalents):
    supplier = OrganizationFactory(kind="supplier", status="verified")
    ListingFactory(supplier=supplier, designation="6205-2RSH", quantity_on_hand=100, price="30.00")
    for _ in range(6):  # lowest bound (1.00 from 1000 up) but 20.00 at the line's quantity
        ListingFactory(
            supplier=supplier, designation="6205-2RSH", quantity_on_hand=0, lead_time_days=5,
            breaks=[(1, "20.00"), (1000, "1.00")],
        )  # fmt: skip
    cheaper = [
        ListingFactory(supplier=supplier, designation="6205-2RSH", quantity_on_hand=0, lead_time_days=5, price="5.00")
        for _ in range(3)
    ]
    line = LineSpec(
        id=1, quantity=10, brand=brand, accept_equivalents=accept_equivalents, base_designation="6205",
        seal="2RS", clearance="CN",
    )  # fmt: skip
    (result,) = match_lines(lines=[line], buyer_id=buyer.pk, limit=3, scan=4)
    assert [m.unit_price for m in result.matches] == [Decimal("30.00"), Decimal("5.00"), Decimal("5.00")]
    assert {m.listing_id for m in result.matches[1:]} <= {listing.pk for listing in cheaper}


@pytest.mark.parametrize("seed", [5, 6])
def test_portable_matcher_of_the_embedded_default_ranks_like_the_sql_one(buyer, seed):
    rng = random.Random(seed)
    _market(rng, 140)
    lines = _lines(rng)
    today = timezone.localdate()
    sql = match_lines(lines=lines, buyer_id=buyer.pk, limit=5)
    portable = portable_matches(lines=lines, buyer_id=buyer.pk, today=today, limit=5)
    for line, got in zip(lines, sql, strict=True):
        assert _shape(portable.get(line.id, [])) == _shape(got.matches)
    suppliers = portable_suppliers(lines=lines, buyer_id=buyer.pk, today=today)
    everything = match_lines(lines=lines, buyer_id=buyer.pk)
    assert suppliers == {r.line.id: {m.supplier_id for m in r.matches} for r in everything if r.matches}
