"""The demo market: believable, valid, in every state, and idempotent."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from catalog.designations import DIMENSION_ROWS, parse
from catalog.models import Listing
from marketplace.demo.data import BUYERS, SUPPLIERS, demo_credit_code
from marketplace.demo.offers import reference_price, supplier_offers, write_designation
from marketplace.organizations.credit_code import credit_code_problem
from marketplace.organizations.models import Organization, User
from marketplace.pools.models import Commitment, Pool
from marketplace.rfqs.models import Quote, Rfq
from orders.models import Order

ROW_6205 = next(row for row in DIMENSION_ROWS if row.base_designation == "6205")
ROW_22220 = next(row for row in DIMENSION_ROWS if row.base_designation == "22220")
ROW_608 = next(row for row in DIMENSION_ROWS if row.base_designation == "608")

# The seed runs the services, whose use cases own durable transactions.
seeded = pytest.mark.django_db(transaction=True)


def _seed(**options: object) -> str:
    out = io.StringIO()
    call_command("seed_demo", size=400, orders=40, stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("brand", "seal", "clearance", "expected"),
    [
        ("NSK", "2RS", "C3", "6205DDUC3"),
        ("SKF", "2RS", "C3", "6205-2RSH/C3"),
        ("FAG", "2RS", "C3", "6205-2RSR-C3"),
        ("ZWZ", "2RS", "C3", "6205-2RS/C3"),
        ("NTN", "2Z", "CN", "6205ZZ"),
    ],
)
def test_designations_are_written_in_each_brands_notation(brand: str, seal: str, clearance: str, expected: str) -> None:
    designation = write_designation(brand, ROW_6205, seal, clearance, "P0")

    assert designation == expected
    assert parse(designation, brand).canonical == parse(f"6205-{seal}", None).canonical + (
        f" {clearance}" if clearance != "CN" else ""
    )


def test_premium_brands_cost_three_to_eight_times_domestic() -> None:
    domestic = reference_price(ROW_6205, "ZWZ", "2RS", "CN", "P0")

    for brand in ("SKF", "FAG", "NSK", "NTN", "KOYO"):
        assert 3 <= reference_price(ROW_6205, brand, "2RS", "CN", "P0") / domestic <= 8


def test_prices_run_from_cheap_miniatures_to_costly_spherical_rollers() -> None:
    assert reference_price(ROW_608, "C&U", "2Z", "CN", "P0") < Decimal(5)
    assert Decimal(5) < reference_price(ROW_6205, "ZWZ", "2RS", "CN", "P0") < Decimal(20)
    assert reference_price(ROW_22220, "ZWZ", "open", "CN", "P0") > Decimal(400)


def test_supplier_offers_are_deterministic_distinct_and_parseable() -> None:
    first = list(supplier_offers(seed="hengda", brands=("NSK", "ZWZ"), types={"deep_groove_ball": 1}, count=200))
    again = list(supplier_offers(seed="hengda", brands=("NSK", "ZWZ"), types={"deep_groove_ball": 1}, count=200))

    assert first == again
    assert len({offer.sku for offer in first}) == len(first) == 200
    assert all(parse(offer.designation, offer.brand).recognized for offer in first)
    assert all(offer.price_breaks[0][0] <= offer.moq for offer in first)


def test_demo_credit_codes_are_valid_and_distinct() -> None:
    codes = {demo_credit_code(username=p.username, division=p.division) for p in (*SUPPLIERS, *BUYERS)}

    assert len(codes) == len(SUPPLIERS) + len(BUYERS)
    assert all(credit_code_problem(code) is None for code in codes)


@seeded
def test_seed_builds_a_market_with_orders_in_every_state_and_open_rfqs() -> None:
    output = _seed()

    assert Organization.objects.filter(kind="supplier").count() == len(SUPPLIERS)
    assert Organization.objects.filter(kind="buyer", status="verified").count() == len(BUYERS)
    assert Organization.objects.filter(kind="supplier", status="pending").count() == 1
    assert User.objects.filter(username="admin", is_staff=True, is_superuser=True).exists()
    assert 350 <= Listing.objects.count() <= 400
    assert Listing.objects.filter(recognized=False).count() == 0
    assert all(
        parse(designation, brand).canonical == canonical
        for designation, brand, canonical in Listing.objects.values_list("designation", "brand__code", "canonical")
    )
    assert set(Order.objects.values_list("status", flat=True)) == {
        "placed",
        "confirmed",
        "shipped",
        "delivered",
        "settled",
        "cancelled",
    }
    assert Order.objects.filter(status="settled", settlement__isnull=True).count() == 0
    # The small catalog may leave an award without quotes, so that RFQ stays open.
    assert Rfq.objects.filter(status="open").count() >= 5
    assert Rfq.objects.filter(status="cancelled").count() == 1
    assert Quote.objects.exists()
    assert Pool.objects.filter(status="open").count() == 2
    assert Pool.objects.filter(participants__gt=0).count() == 2
    assert "admin" in output
    assert "xinxing" in output


@seeded
def test_seeding_twice_creates_nothing_new() -> None:
    _seed()
    counts = (Organization.objects.count(), User.objects.count(), Listing.objects.count(), Order.objects.count())
    rfqs = Rfq.objects.count()
    pools = (Pool.objects.count(), Commitment.objects.count())

    output = _seed()

    assert (
        Organization.objects.count(),
        User.objects.count(),
        Listing.objects.count(),
        Order.objects.count(),
    ) == counts
    assert Rfq.objects.count() == rfqs
    assert (Pool.objects.count(), Commitment.objects.count()) == pools
    assert "Listings: 0 created" in output
