"""Award: RFQ → match → quote → award through the API; orders, stock, all-or-nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Listing
from marketplace.rfqs.models import Award, Quote, Rfq
from orders.models import Order
from orders.notifications.models import OutboxEvent
from tests.factories import OrganizationFactory
from tests.rfqs.conftest import RFQS, line, quote_body, quote_line
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def award_url(rfq):
    return f"{RFQS}{rfq['id']}/award/"


@pytest.fixture
def rival(make_client):
    return make_client(OrganizationFactory(kind="supplier", status="verified"))


def submit(client, rfq, *lines, **fields):
    response = client.post(f"{RFQS}{rfq['id']}/quotes/", quote_body(*lines, **fields), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_full_path_rfq_match_quote_award(  # noqa: PLR0917 - fixtures
    buyer, buyer_client, supplier, supplier_client, open_rfq, django_capture_on_commit_callbacks
):
    ListingFactory(supplier=supplier, brand="ZWZ", designation="6205-2RS")
    rfq = open_rfq(line("SKF 6205-2RS", quantity=100))
    matches = buyer_client.get(f"{RFQS}{rfq['id']}/matches/").json()["lines"][0]["matches"]
    assert [m["supplier"] for m in matches] == [supplier.pk]
    assert [r["id"] for r in supplier_client.get(RFQS).json()["results"]] == [rfq["id"]]
    quote = submit(supplier_client, rfq, quote_line(rfq["lines"][0]["id"], quantity=100, unit_price="9.50"))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 100, "quote_line": quote["lines"][0]["id"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 201, response.content
    [order] = response.json()["orders"]
    assert (order["buyer"], order["supplier"], order["total"]) == (buyer.pk, supplier.pk, "950.00")
    assert order["lines"][0]["listing"] is None
    assert order["lines"][0]["designation"] == "6205-2RS"
    assert Order.objects.get(pk=order["id"]).rfq_id == rfq["id"]
    assert Rfq.objects.get(pk=rfq["id"]).status == "awarded"
    assert Quote.objects.get(pk=quote["id"]).status == "awarded"
    event = OutboxEvent.objects.get(type="rfq.awarded", organization=supplier)
    assert event.data["won"] is True
    assert event.data["id"] == rfq["id"]


def test_award_split_across_two_suppliers_makes_two_orders(buyer_client, supplier_client, rival, open_rfq):
    rfq = open_rfq(line(quantity=100))
    rfq_line = rfq["lines"][0]["id"]
    mine = submit(supplier_client, rfq, quote_line(rfq_line, quantity=60, unit_price="9.00"))
    theirs = submit(rival, rfq, quote_line(rfq_line, quantity=100, unit_price="9.20"))
    awards = [
        {"rfq_line": rfq_line, "quantity": 60, "quote_line": mine["lines"][0]["id"]},
        {"rfq_line": rfq_line, "quantity": 40, "quote_line": theirs["lines"][0]["id"]},
    ]
    response = buyer_client.post(award_url(rfq), {"awards": awards}, format="json")
    assert response.status_code == 201
    orders = response.json()["orders"]
    assert sorted(o["total"] for o in orders) == ["368.00", "540.00"]
    assert {o["supplier"] for o in orders} == {supplier_client.user.organization_id, rival.user.organization_id}
    assert Award.objects.filter(rfq_id=rfq["id"]).count() == 2


def test_losing_quote_is_marked_lost_and_told(buyer_client, supplier_client, rival, open_rfq):
    rfq = open_rfq(line(quantity=100))
    rfq_line = rfq["lines"][0]["id"]
    mine = submit(supplier_client, rfq, quote_line(rfq_line))
    theirs = submit(rival, rfq, quote_line(rfq_line))
    award = {"rfq_line": rfq_line, "quantity": 100, "quote_line": mine["lines"][0]["id"]}
    buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert Quote.objects.get(pk=theirs["id"]).status == "lost"
    event = OutboxEvent.objects.get(type="rfq.awarded", organization_id=rival.user.organization_id)
    assert event.data["won"] is False


def test_listing_award_reserves_stock_at_the_break_price(buyer_client, open_rfq):
    listing = ListingFactory(quantity_on_hand=300, breaks=[(1, "12.00"), (100, "10.00")])
    rfq = open_rfq(line(quantity=150))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 150, "listing": listing.pk}
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 201, response.content
    [order] = response.json()["orders"]
    assert order["lines"][0]["listing"] == listing.pk
    assert order["lines"][0]["unit_price"] == "10.00"
    listing.refresh_from_db()
    assert (listing.quantity_reserved, listing.quantity_available) == (150, 150)


def test_insufficient_stock_is_409_and_creates_nothing(buyer_client, supplier_client, open_rfq):
    short = ListingFactory(quantity_on_hand=300)
    rfq = open_rfq(line(quantity=150), line("6206", quantity=10))
    Listing.objects.filter(pk=short.pk).update(quantity_reserved=200)  # someone else's order took most of it
    quote = submit(supplier_client, rfq, quote_line(rfq["lines"][1]["id"], quantity=10, designation="6206"))
    awards = [
        {"rfq_line": rfq["lines"][1]["id"], "quantity": 10, "quote_line": quote["lines"][0]["id"]},
        {"rfq_line": rfq["lines"][0]["id"], "quantity": 150, "listing": short.pk},
    ]
    response = buyer_client.post(award_url(rfq), {"awards": awards}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert "awards.1.quantity" in response.json()["errors"]
    assert not Order.objects.exists()
    assert not Award.objects.exists()
    assert Rfq.objects.get(pk=rfq["id"]).status == "open"
    assert Quote.objects.get(pk=quote["id"]).status == "submitted"
    short.refresh_from_db()
    assert short.quantity_reserved == 200


def test_listing_that_does_not_match_the_line_is_400(buyer_client, open_rfq):
    other_bearing = ListingFactory(designation="6308")
    rfq = open_rfq(line(quantity=10))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "listing": other_bearing.pk}
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 400
    assert "awards.0.listing" in response.json()["errors"]


def test_award_from_an_expired_quote_is_409(buyer_client, supplier_client, open_rfq):
    rfq = open_rfq(line())
    quote = submit(supplier_client, rfq, quote_line(rfq["lines"][0]["id"]))
    Quote.objects.filter(pk=quote["id"]).update(valid_until=timezone.localdate() - timedelta(days=1))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 100, "quote_line": quote["lines"][0]["id"]}
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "quote_expired"
    assert not Order.objects.exists()


def test_award_beyond_the_quoted_quantity_is_400(buyer_client, supplier_client, open_rfq):
    rfq = open_rfq(line(quantity=100))
    quote = submit(supplier_client, rfq, quote_line(rfq["lines"][0]["id"], quantity=50))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 51, "quote_line": quote["lines"][0]["id"]}
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 400
    assert "awards.0.quantity" in response.json()["errors"]


def test_two_awards_on_one_quote_line_may_not_exceed_it_together(buyer_client, supplier_client, open_rfq):
    rfq = open_rfq(line(quantity=100))
    quote = submit(supplier_client, rfq, quote_line(rfq["lines"][0]["id"], quantity=50))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 30, "quote_line": quote["lines"][0]["id"]}
    response = buyer_client.post(award_url(rfq), {"awards": [award, award]}, format="json")
    assert response.status_code == 400
    assert "awards.1.quantity" in response.json()["errors"]


def test_awards_beyond_the_lines_quantity_are_400(buyer_client, open_rfq):
    listing = ListingFactory(quantity_on_hand=1000)
    rfq = open_rfq(line(quantity=100))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 101, "listing": listing.pk}
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 400
    assert "awards.0.quantity" in response.json()["errors"]


def test_quote_line_of_another_rfq_is_400(buyer_client, supplier_client, open_rfq):
    rfq, other = open_rfq(line()), open_rfq(line())
    foreign = submit(supplier_client, other, quote_line(other["lines"][0]["id"]))
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "quote_line": foreign["lines"][0]["id"]}
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 400
    assert "awards.0.quote_line" in response.json()["errors"]


@pytest.mark.parametrize(
    "award",
    [
        {"rfq_line": 999999, "quantity": 1, "quote_line": 1},
        {"rfq_line": 1, "quantity": 1},
        {"rfq_line": 1, "quantity": 1, "quote_line": 1, "listing": 1},
        {"rfq_line": 1, "quantity": 0, "listing": 1},
        {"rfq_line": "x", "quantity": 1, "listing": 1},
        {"rfq_line": 1, "quantity": 2**70, "listing": 1},
    ],
)
def test_malformed_awards_are_400(buyer_client, open_rfq, award):
    rfq = open_rfq(line())
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 400


def test_empty_award_list_is_400(buyer_client, open_rfq):
    rfq = open_rfq(line())
    assert buyer_client.post(award_url(rfq), {"awards": []}, format="json").status_code == 400


def test_award_twice_is_409(buyer_client, open_rfq):
    listing = ListingFactory(quantity_on_hand=1000)
    rfq = open_rfq(line(quantity=10))
    body = {"awards": [{"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "listing": listing.pk}]}
    assert buyer_client.post(award_url(rfq), body, format="json").status_code == 201
    assert buyer_client.post(award_url(rfq), body, format="json").status_code == 409


def test_closed_rfq_can_still_be_awarded(buyer_client, open_rfq):
    listing = ListingFactory()
    rfq = open_rfq(line(quantity=10))
    Rfq.objects.filter(pk=rfq["id"]).update(status="closed")
    body = {"awards": [{"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "listing": listing.pk}]}
    assert buyer_client.post(award_url(rfq), body, format="json").status_code == 201


def test_cancelled_rfq_cannot_be_awarded(buyer_client, open_rfq):
    listing = ListingFactory()
    rfq = open_rfq(line(quantity=10))
    buyer_client.post(f"{RFQS}{rfq['id']}/cancel/")
    body = {"awards": [{"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "listing": listing.pk}]}
    assert buyer_client.post(award_url(rfq), body, format="json").status_code == 409


def test_another_buyer_cannot_award(make_client, open_rfq):
    listing = ListingFactory()
    rfq = open_rfq(line(quantity=10))
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    body = {"awards": [{"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "listing": listing.pk}]}
    assert other.post(award_url(rfq), body, format="json").status_code == 404


def test_withdrawn_quote_cannot_be_awarded(buyer_client, supplier_client, open_rfq):
    rfq = open_rfq(line())
    quote = submit(supplier_client, rfq, quote_line(rfq["lines"][0]["id"]))
    supplier_client.post(f"{RFQS}{rfq['id']}/decline/", {"reason": "sold out"}, format="json")
    award = {"rfq_line": rfq["lines"][0]["id"], "quantity": 100, "quote_line": quote["lines"][0]["id"]}
    response = buyer_client.post(award_url(rfq), {"awards": [award]}, format="json")
    assert response.status_code == 409


def test_award_idempotency_key_replays_without_a_second_order(buyer_client, open_rfq):
    listing = ListingFactory(quantity_on_hand=1000)
    rfq = open_rfq(line(quantity=10))
    body = {"awards": [{"rfq_line": rfq["lines"][0]["id"], "quantity": 10, "listing": listing.pk}]}
    first = buyer_client.post(award_url(rfq), body, format="json", HTTP_IDEMPOTENCY_KEY="award-1")
    again = buyer_client.post(award_url(rfq), body, format="json", HTTP_IDEMPOTENCY_KEY="award-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Order.objects.count() == 1
