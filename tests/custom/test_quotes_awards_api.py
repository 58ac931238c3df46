"""Quotes (invited supplier, before the deadline, revisable) and the award: one order with the bearing line
and the tooling line, then the normal order life and settlement."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from marketplace.custom.models import CustomAward, CustomQuote, CustomQuoteRevision, CustomRequest
from orders.models import Order
from orders.notifications.models import OutboxEvent
from orders.settlement.models import LedgerEntry, Settlement
from tests.custom.conftest import REQUESTS, quote_body
from tests.custom.factories import declare
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
ORDERS = "/api/v1/orders/"


def quote(client, request, **fields):
    response = client.post(f"{REQUESTS}{request['id']}/quotes/", quote_body(**fields), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def award(client, request, quote_id, quantity=500, **extra):
    return client.post(
        f"{REQUESTS}{request['id']}/award/", {"quote": quote_id, "quantity": quantity}, format="json", **extra
    )


@pytest.fixture
def rival(make_client, db):
    other = OrganizationFactory(kind="supplier", status="verified")
    declare(other)
    return make_client(other)


def test_invited_supplier_quotes_and_the_buyer_is_told(buyer, maker, maker_client, open_request):
    request = open_request()
    body = quote(maker_client, request)
    assert body["custom_request"] == request["id"]
    assert (body["supplier"], body["status"], body["revision"]) == (maker.pk, "submitted", 1)
    assert (body["unit_price"], body["tooling_cost"], body["moq"]) == ("298.50", "12000.00", 200)
    assert (body["sample_quantity"], body["sample_lead_days"], body["production_lead_days"]) == (4, 25, 45)
    assert body["revisions"] == []
    event = OutboxEvent.objects.get(type="custom_quote.submitted")
    assert event.organization_id == buyer.pk
    assert (event.data["quote"], event.data["supplier"]) == (body["id"], maker.pk)


def test_quoting_again_revises_and_keeps_history(buyer_client, maker_client, open_request):
    request = open_request()
    first = quote(maker_client, request)
    second = quote(maker_client, request, unit_price="289.00", note="Second thoughts")
    assert second["id"] == first["id"]
    assert (second["revision"], second["unit_price"]) == (2, "289.00")
    assert [r["snapshot"]["unit_price"] for r in second["revisions"]] == ["298.50"]
    assert CustomQuote.objects.count() == 1
    assert CustomQuoteRevision.objects.count() == 1
    listed = buyer_client.get(f"{REQUESTS}{request['id']}/quotes/").json()["results"]
    assert [(q["id"], q["revision"]) for q in listed] == [(first["id"], 2)]


def test_owner_sees_all_quotes_a_supplier_only_its_own(buyer_client, maker_client, rival, open_request):
    request = open_request()
    mine, theirs = quote(maker_client, request), quote(rival, request, unit_price="305.00")
    assert {q["id"] for q in buyer_client.get(f"{REQUESTS}{request['id']}/quotes/").json()["results"]} == {
        mine["id"],
        theirs["id"],
    }
    assert [q["id"] for q in maker_client.get(f"{REQUESTS}{request['id']}/quotes/").json()["results"]] == [mine["id"]]


def test_quote_after_the_deadline_is_409(maker_client, open_request):
    request = open_request()
    CustomRequest.objects.filter(pk=request["id"]).update(deadline=timezone.now() - timedelta(seconds=1))
    response = maker_client.post(f"{REQUESTS}{request['id']}/quotes/", quote_body(), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "custom_request_closed"
    assert not CustomQuote.objects.exists()


def test_quote_on_a_cancelled_request_is_409(buyer_client, maker_client, open_request):
    request = open_request()
    buyer_client.post(f"{REQUESTS}{request['id']}/cancel/")
    assert maker_client.post(f"{REQUESTS}{request['id']}/quotes/", quote_body(), format="json").status_code == 409


def test_the_owner_may_not_quote(buyer_client, open_request):
    request = open_request()
    assert buyer_client.post(f"{REQUESTS}{request['id']}/quotes/", quote_body(), format="json").status_code == 403


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"unit_price": "0"}, "unit_price"),
        ({"unit_price": "abc"}, "unit_price"),
        ({"unit_price": "1.234"}, "unit_price"),
        ({"tooling_cost": "-1.00"}, "tooling_cost"),
        ({"moq": 0}, "moq"),
        ({"sample_quantity": -1}, "sample_quantity"),
        ({"sample_lead_days": 99999}, "sample_lead_days"),
        ({"production_lead_days": None}, "production_lead_days"),
        ({"valid_until": "2020-01-01"}, "valid_until"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_quote_input_is_400(maker_client, open_request, fields, bad):
    request = open_request()
    response = maker_client.post(f"{REQUESTS}{request['id']}/quotes/", quote_body(**fields), format="json")
    assert response.status_code == 400
    assert bad in response.json()["errors"]
    assert not CustomQuote.objects.exists()


def test_award_creates_one_order_with_bearing_and_tooling_lines(buyer, maker, buyer_client, maker_client, open_request):
    request = open_request(delivery_city="Taiyuan")
    body = quote(maker_client, request)
    response = award(buyer_client, request, body["id"], 500)
    assert response.status_code == 201, response.content
    order = response.json()["order"]
    assert (order["buyer"], order["supplier"], order["status"]) == (buyer.pk, maker.pk, "placed")
    assert order["custom_request"] == request["id"]
    assert order["delivery_city"] == "Taiyuan"
    bearing, tooling = order["lines"]
    assert (bearing["listing"], bearing["quantity"], bearing["unit_price"], bearing["line_total"]) == (
        None,
        500,
        "298.50",
        "149250.00",
    )
    assert bearing["designation"] == "110×180×38"
    assert "Gearbox output tapered roller" in bearing["description"]
    assert (tooling["quantity"], tooling["unit_price"], tooling["line_total"]) == (1, "12000.00", "12000.00")
    assert tooling["description"]
    assert order["total"] == "161250.00"
    assert Order.objects.get(pk=order["id"]).custom_request_id == request["id"]
    assert CustomRequest.objects.get(pk=request["id"]).status == "awarded"
    assert CustomQuote.objects.get(pk=body["id"]).status == "awarded"
    detail = buyer_client.get(f"{REQUESTS}{request['id']}/").json()
    assert detail["award"] == {"quote": body["id"], "quantity": 500, "order": order["id"]}
    assert buyer_client.get(f"{ORDERS}{order['id']}/").json()["custom_request"] == request["id"]


def test_no_tooling_line_without_tooling_cost(buyer_client, maker_client, open_request):
    request = open_request()
    body = quote(maker_client, request, tooling_cost="0.00")
    order = award(buyer_client, request, body["id"], 300).json()["order"]
    assert len(order["lines"]) == 1
    assert order["total"] == "89550.00"


def test_award_tells_every_quoting_supplier_whether_it_won(maker, buyer_client, maker_client, rival, open_request):
    request = open_request()
    won = quote(maker_client, request)
    lost = quote(rival, request, unit_price="310.00")
    order = award(buyer_client, request, won["id"]).json()["order"]
    events = {e.organization_id: e.data for e in OutboxEvent.objects.filter(type="custom_request.awarded")}
    assert events[maker.pk] == {
        "id": request["id"],
        "status": "awarded",
        "won": True,
        "order": order["id"],
        "order_number": order["number"],
    }
    assert events[lost["supplier"]]["won"] is False
    assert CustomQuote.objects.get(pk=lost["id"]).status == "lost"
    assert rival.get(f"{REQUESTS}{request['id']}/").json()["award"] is None
    assert maker_client.get(f"{REQUESTS}{request['id']}/").json()["award"]["order"] == order["id"]


def test_award_below_the_moq_is_400(buyer_client, maker_client, open_request):
    request = open_request()
    body = quote(maker_client, request, moq=200)
    response = award(buyer_client, request, body["id"], 199)
    assert response.status_code == 400
    assert "quantity" in response.json()["errors"]
    assert not Order.objects.exists()
    assert award(buyer_client, request, body["id"], 200).status_code == 201


def test_second_award_is_409(buyer_client, maker_client, open_request):
    request = open_request()
    body = quote(maker_client, request)
    assert award(buyer_client, request, body["id"]).status_code == 201
    again = award(buyer_client, request, body["id"])
    assert again.status_code == 409
    assert again.json()["code"] == "already_awarded"
    assert Order.objects.count() == 1
    assert CustomAward.objects.count() == 1


def test_award_idempotency_key_replays_without_a_second_order(buyer_client, maker_client, open_request):
    request = open_request()
    body = quote(maker_client, request)
    first = award(buyer_client, request, body["id"], HTTP_IDEMPOTENCY_KEY="award-1")
    second = award(buyer_client, request, body["id"], HTTP_IDEMPOTENCY_KEY="award-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"quote": 999999, "quantity": 500},
        {"quote": "x", "quantity": 500},
        {"quantity": 500},
        {"quote": 1, "quantity": 0},
    ],
)
def test_bad_award_input_is_400(buyer_client, maker_client, open_request, payload):
    request = open_request()
    quote(maker_client, request)
    response = buyer_client.post(f"{REQUESTS}{request['id']}/award/", payload, format="json")
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_quote_of_another_request_is_400(buyer_client, maker_client, open_request):
    request, other = open_request(), open_request()
    body = quote(maker_client, other)
    response = award(buyer_client, request, body["id"])
    assert response.status_code == 400
    assert "quote" in response.json()["errors"]


def test_expired_quote_is_409(buyer_client, maker_client, open_request):
    request = open_request()
    body = quote(maker_client, request)
    CustomQuote.objects.filter(pk=body["id"]).update(valid_until=timezone.localdate() - timedelta(days=1))
    response = award(buyer_client, request, body["id"])
    assert response.status_code == 409
    assert response.json()["code"] == "quote_expired"


def test_closed_request_can_still_be_awarded(buyer_client, maker_client, open_request):
    request = open_request()
    body = quote(maker_client, request)
    CustomRequest.objects.filter(pk=request["id"]).update(status="closed")
    assert award(buyer_client, request, body["id"]).status_code == 201


def test_cancelled_request_cannot_be_awarded_nor_awarded_one_cancelled(buyer_client, maker_client, open_request):
    cancelled, awarded = open_request(), open_request()
    first, second = quote(maker_client, cancelled), quote(maker_client, awarded)
    buyer_client.post(f"{REQUESTS}{cancelled['id']}/cancel/")
    assert award(buyer_client, cancelled, first["id"]).status_code == 409
    award(buyer_client, awarded, second["id"])
    assert buyer_client.post(f"{REQUESTS}{awarded['id']}/cancel/").status_code == 409


def test_order_from_an_award_is_settled_like_any_other(
    buyer_client, maker_client, open_request, django_capture_on_commit_callbacks
):
    request = open_request()
    body = quote(maker_client, request)
    order = award(buyer_client, request, body["id"]).json()["order"]
    url = f"{ORDERS}{order['id']}/"
    assert maker_client.post(f"{url}confirm/").status_code == 200
    assert maker_client.post(f"{url}ship/", {"tracking_number": "SF2026"}, format="json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert buyer_client.post(f"{url}deliver/").status_code == 200
    settled = buyer_client.get(url).json()
    assert settled["status"] == "settled"
    settlement = Settlement.objects.get(order_id=order["id"])
    assert settlement.gross_amount == Decimal("161250.00")
    assert settlement.commission_amount == Decimal("2418.75")
    assert settlement.payout_amount == Decimal("158831.25")
    totals = LedgerEntry.objects.filter(transaction__settlement=settlement).aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"] == Decimal("161250.00") + settlement.vat_amount
    assert settled["settlement"]["gross_amount"] == "161250.00"
