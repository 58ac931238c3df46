"""POST /rfqs/{id}/award-plan/: the least-cost plan through the API, posted unchanged to /award/."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Listing
from marketplace.rfqs.models import Rfq
from orders.models import Order
from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, quote_body, quote_line
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def plan_url(rfq):
    return f"{RFQS}{rfq['id']}/award-plan/"


def verified_supplier(name):
    return OrganizationFactory(kind="supplier", status="verified", name=name)


def test_plan_from_listings_uses_price_breaks_and_posts_unchanged_to_award(buyer_client, open_rfq):
    cheap_small = ListingFactory(supplier=verified_supplier("Linqing A"), quantity_on_hand=60, price="9.00")
    bulk = ListingFactory(
        supplier=verified_supplier("Linqing B"), quantity_on_hand=500, breaks=[(1, "10.00"), (100, "8.50")]
    )
    rfq = open_rfq(line("6205-2RS", quantity=100))
    response = buyer_client.post(plan_url(rfq), {"source": "listings"}, format="json")
    assert response.status_code == 200, response.content
    plan = response.json()
    # 100 at the 100+ break (850.00) beats 60 × 9.00 + 40 × 10.00 (940.00); greedy sees the break too.
    assert plan["status"] == "optimal"
    assert plan["awards"] == [
        {"rfq_line": rfq["lines"][0]["id"], "quantity": 100, "listing": bulk.pk, "unit_price": "8.50",
         "line_total": "850.00"}
    ]  # fmt: skip
    assert (plan["total"], plan["goods_total"], plan["supplier_costs_total"]) == ("850.00", "850.00", "0.00")
    assert plan["suppliers"] == [{"supplier": bulk.supplier_id, "supplier_name": "Linqing B", "goods_total": "850.00"}]
    assert (plan["greedy_total"], plan["saving"]) == ("850.00", "0.00")
    assert plan["unfilled"] == []
    assert plan["solve_ms"] >= 0
    assert plan["optimality_gap"] == "0.000000"

    awarded = buyer_client.post(f"{RFQS}{rfq['id']}/award/", {"awards": plan["awards"]}, format="json")
    assert awarded.status_code == 201, awarded.content
    [order] = awarded.json()["orders"]
    assert order["total"] == "850.00"
    assert Listing.objects.get(pk=bulk.pk).quantity_reserved == 100
    assert Listing.objects.get(pk=cheap_small.pk).quantity_reserved == 0


def test_plan_mixes_quotes_and_listings_and_counts_the_supplier_cost(buyer_client, supplier, supplier_client, open_rfq):
    other = verified_supplier("Yandian C")
    ListingFactory(supplier=other, designation="6205-2RS", quantity_on_hand=50, price="4.00")
    ListingFactory(supplier=other, designation="6206-2RS", quantity_on_hand=50, price="6.00")
    rfq = open_rfq(line("6205-2RS", quantity=50), line("6206-2RS", quantity=50))
    first, second = (item["id"] for item in rfq["lines"])
    quote = supplier_client.post(
        f"{RFQS}{rfq['id']}/quotes/",
        quote_body(quote_line(first, quantity=50, unit_price="3.90"),
                   quote_line(second, quantity=50, unit_price="5.90", designation="6206-2RS")),
        format="json",
    ).json()  # fmt: skip
    # Without a supplier cost the quote is cheaper on both lines; with 20.00 per supplier still one supplier.
    plan = buyer_client.post(plan_url(rfq), {"per_supplier_cost": "20.00"}, format="json").json()
    assert plan["status"] == "optimal"
    assert {a["quote_line"] for a in plan["awards"]} == {ql["id"] for ql in quote["lines"]}
    assert plan["total"] == "510.00"  # 195.00 + 295.00 + 20.00
    assert plan["supplier_costs_total"] == "20.00"
    assert [s["supplier"] for s in plan["suppliers"]] == [supplier.pk]
    only_listings = buyer_client.post(
        plan_url(rfq), {"source": "listings", "per_supplier_cost": "20.00"}, format="json"
    ).json()
    assert only_listings["total"] == "520.00"
    assert {a.get("listing") is not None for a in only_listings["awards"]} == {True}


def test_max_suppliers_one_takes_the_dearer_single_supplier(buyer_client, open_rfq):
    a, b = verified_supplier("A"), verified_supplier("B")
    ListingFactory(supplier=a, designation="6205-2RS", quantity_on_hand=10, price="1.00")
    ListingFactory(supplier=a, designation="6206-2RS", quantity_on_hand=10, price="3.00")
    ListingFactory(supplier=b, designation="6206-2RS", quantity_on_hand=10, price="2.00")
    rfq = open_rfq(line("6205-2RS", quantity=10), line("6206-2RS", quantity=10))
    free = buyer_client.post(plan_url(rfq), {}, format="json").json()
    limited = buyer_client.post(plan_url(rfq), {"max_suppliers": 1}, format="json").json()
    assert (free["total"], len(free["suppliers"])) == ("30.00", 2)
    assert (limited["total"], [s["supplier"] for s in limited["suppliers"]]) == ("40.00", [a.pk])
    # With 15.00 per supplier one supplier is cheaper (55.00) than the greedy two (60.00).
    costly = buyer_client.post(plan_url(rfq), {"per_supplier_cost": "15.00"}, format="json").json()
    assert (costly["total"], costly["greedy_total"], costly["saving"]) == ("55.00", "60.00", "5.00")


def test_lines_that_cannot_be_filled_are_named_with_the_missing_quantity(buyer_client, open_rfq):
    ListingFactory(supplier=verified_supplier("A"), quantity_on_hand=30, price="5.00")
    rfq = open_rfq(line("6205-2RS", quantity=100), line("6310", quantity=5))
    plan = buyer_client.post(plan_url(rfq), {}, format="json").json()
    assert plan["status"] == "infeasible"
    assert plan["unfilled"] == [
        {"rfq_line": rfq["lines"][0]["id"], "quantity": 70},
        {"rfq_line": rfq["lines"][1]["id"], "quantity": 5},
    ]
    assert plan["awards"] == []
    assert plan["saving"] is None


def test_no_sources_at_all_answers_200_infeasible(buyer_client, open_rfq):
    rfq = open_rfq(line("6205-2RS", quantity=10))
    response = buyer_client.post(plan_url(rfq), {"source": "quotes"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "infeasible"
    assert response.json()["unfilled"] == [{"rfq_line": rfq["lines"][0]["id"], "quantity": 10}]


def test_required_by_excludes_offers_that_arrive_too_late_unless_told_not_to(buyer_client, open_rfq):
    soon = timezone.localdate() + timedelta(days=5)
    late = ListingFactory(supplier=verified_supplier("Late"), quantity_on_hand=10, price="1.00", lead_time_days=20)
    on_time = ListingFactory(supplier=verified_supplier("Soon"), quantity_on_hand=10, price="2.00", lead_time_days=3)
    rfq = open_rfq(line("6205-2RS", quantity=10, required_by=soon.isoformat()))
    respected = buyer_client.post(plan_url(rfq), {}, format="json").json()
    ignored = buyer_client.post(plan_url(rfq), {"respect_required_by": False}, format="json").json()
    assert [a["listing"] for a in respected["awards"]] == [on_time.pk]
    assert [a["listing"] for a in ignored["awards"]] == [late.pk]


def test_expired_and_withdrawn_quotes_are_not_offers(buyer_client, supplier_client, open_rfq):
    rfq = open_rfq(line("6205-2RS", quantity=10))
    body = quote_body(quote_line(rfq["lines"][0]["id"], quantity=10, unit_price="1.00"))
    assert supplier_client.post(f"{RFQS}{rfq['id']}/quotes/", body, format="json").status_code == 201
    Rfq.objects.get(pk=rfq["id"]).quotes.update(valid_until=timezone.localdate() - timedelta(days=1))
    plan = buyer_client.post(plan_url(rfq), {"source": "quotes"}, format="json").json()
    assert plan["status"] == "infeasible"


def test_planning_creates_nothing(buyer_client, open_rfq):
    ListingFactory(supplier=verified_supplier("A"), quantity_on_hand=30, price="5.00")
    rfq = open_rfq(line("6205-2RS", quantity=10))
    assert buyer_client.post(plan_url(rfq), {}, format="json").status_code == 200
    assert Order.objects.count() == 0
    assert Listing.objects.get().quantity_reserved == 0
    assert Rfq.objects.get(pk=rfq["id"]).status == "open"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"max_suppliers": 0}, "max_suppliers"),
        ({"per_supplier_cost": "-1.00"}, "per_supplier_cost"),
        ({"source": "friends"}, "source"),
        ({"per_supplier_cost": "abc"}, "per_supplier_cost"),
        ({"respect_required_by": "maybe"}, "respect_required_by"),
    ],
)
def test_bad_input_is_400_naming_the_field(buyer_client, open_rfq, body, field):
    rfq = open_rfq(line("6205-2RS", quantity=10))
    response = buyer_client.post(plan_url(rfq), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_another_buyer_gets_404_and_a_supplier_403(make_client, supplier_client, open_rfq):
    rfq = open_rfq(line("6205-2RS", quantity=10))
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    assert other.post(plan_url(rfq), {}, format="json").status_code == 404
    assert supplier_client.post(plan_url(rfq), {}, format="json").status_code == 403


def test_unauthenticated_is_401(api_client, open_rfq):
    rfq = open_rfq(line("6205-2RS", quantity=10))
    assert api_client.post(plan_url(rfq), {}, format="json").status_code == 401


def test_an_rfq_no_longer_open_is_409(buyer_client, open_rfq):
    rfq = open_rfq(line("6205-2RS", quantity=10))
    assert buyer_client.post(f"{RFQS}{rfq['id']}/cancel/", {}, format="json").status_code == 200
    response = buyer_client.post(plan_url(rfq), {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "rfq_closed"


def test_money_in_the_plan_is_decimal_strings(buyer_client, open_rfq):
    ListingFactory(supplier=verified_supplier("A"), quantity_on_hand=30, price="0.35")
    rfq = open_rfq(line("6205-2RS", quantity=3))
    plan = buyer_client.post(plan_url(rfq), {"per_supplier_cost": "0.10"}, format="json").json()
    assert Decimal(plan["total"]) == Decimal("1.15")
    assert plan["total"] == "1.15"
