"""The claim's life after filing: responses, offers, escalation, withdrawal, staff resolution and refunds."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from orders.claims.models import Claim, ClaimEvent
from orders.models import Order
from orders.notifications.models import OutboxEvent
from orders.notifications.services import outbox_event_dispatch
from orders.settlement.models import Refund, Settlement
from tests.factories import UserFactory
from tests.orders.claims.conftest import assert_ledger_balanced, balance

pytestmark = pytest.mark.django_db


def act(client: APIClient, claim: dict, action: str, payload: dict | None = None) -> object:
    return client.post(f"/api/v1/claims/{claim['id']}/{action}/", payload or {}, format="json")


def test_supplier_accepts_and_the_refund_is_booked_out_of_the_held_payout(
    supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order, requested="22.60")
    response = act(supplier_client, claim, "respond", {"action": "accept", "note": "Our fault"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["refund_amount"]) == ("resolved", "22.60")
    assert body["resolved_at"] is not None
    settlement = Settlement.objects.get(order=settled_order)
    # gross 1130.00, commission 16.95, VAT 130.00: 16.95 × 22.60 / 1130 = 0.339 → 0.34; 130 × 22.60 / 1130 = 2.60
    refund = Refund.objects.get(claim_id=claim["id"])
    assert (refund.amount, refund.commission_reversed, refund.vat_reversed, refund.payout_reduction) == (
        Decimal("22.60"),
        Decimal("0.34"),
        Decimal("2.60"),
        Decimal("22.26"),
    )
    assert (settlement.refunded_amount, settlement.payout_status) == (Decimal("22.60"), "held")
    assert_ledger_balanced()
    assert balance("supplier_payable", settled_order.supplier_id) == Decimal("1113.05") - Decimal("22.26")
    assert balance("buyer_refund_payable", settled_order.buyer_id) == Decimal("22.60")
    assert balance("platform_commission") == Decimal("16.95") - Decimal("0.34")
    resolved = OutboxEvent.objects.filter(type="claim.resolved")
    assert sorted(resolved.values_list("organization_id", flat=True)) == sorted(
        [settled_order.buyer_id, settled_order.supplier_id]
    )


def test_the_order_settlement_shows_the_refund(
    buyer_client: APIClient, supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order, requested="10.00")
    act(supplier_client, claim, "respond", {"action": "accept"})
    settlement = buyer_client.get(f"/api/v1/orders/{settled_order.pk}/").json()["settlement"]
    assert (settlement["payout_status"], settlement["refunded_amount"], settlement["payout_amount"]) == (
        "held",
        "10.00",
        "1113.05",
    )
    items = supplier_client.get("/api/v1/settlements/").json()["results"]
    assert (items[0]["refunded_amount"], items[0]["payout_status"]) == ("10.00", "held")


def test_offer_then_accept_offer_refunds_the_offer(
    buyer_client: APIClient, supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order, requested="20.00")
    offered = act(supplier_client, claim, "respond", {"action": "offer", "amount": "12.50"})
    assert offered.status_code == 200
    assert (offered.json()["status"], offered.json()["offered_amount"]) == ("offered", "12.50")
    accepted = act(buyer_client, claim, "accept-offer")
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["refund_amount"]) == ("resolved", "12.50")
    assert Settlement.objects.get(order=settled_order).refunded_amount == Decimal("12.50")
    assert_ledger_balanced()


def test_an_offer_above_the_request_is_400(
    supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order, requested="20.00")
    response = act(supplier_client, claim, "respond", {"action": "offer", "amount": "20.01"})
    assert (response.status_code, list(response.json()["errors"])) == (400, ["amount"])
    assert Claim.objects.get(pk=claim["id"]).status == "open"


def test_an_offer_without_amount_is_400(supplier_client: APIClient, settled_order: Order, file_claim: Callable) -> None:
    claim = file_claim(settled_order)
    assert act(supplier_client, claim, "respond", {"action": "offer"}).status_code == 400


def test_reject_escalate_and_staff_resolve(
    buyer_client: APIClient,
    supplier_client: APIClient,
    staff_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
) -> None:
    claim = file_claim(settled_order, requested="20.00")
    assert act(supplier_client, claim, "respond", {"action": "reject"}).json()["status"] == "rejected"
    assert act(buyer_client, claim, "escalate").json()["status"] == "escalated"
    assert act(supplier_client, claim, "resolve", {"refund_amount": "5.00"}).status_code == 403
    assert act(buyer_client, claim, "resolve", {"refund_amount": "5.00"}).status_code == 403
    response = act(staff_client, claim, "resolve", {"refund_amount": "15.00", "note": "Half the lot rusty"})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["refund_amount"]) == ("resolved", "15.00")
    events = buyer_client.get(f"/api/v1/claims/{claim['id']}/events/").json()
    assert [(e["from_status"], e["to_status"]) for e in events] == [
        (None, "open"),
        ("open", "rejected"),
        ("rejected", "escalated"),
        ("escalated", "resolved"),
    ]
    assert events[-1]["note"] == "Half the lot rusty"
    assert_ledger_balanced()


def test_staff_resolution_above_the_claimed_value_is_400(
    buyer_client: APIClient,
    supplier_client: APIClient,
    staff_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
) -> None:
    claim = file_claim(settled_order, requested="20.00")
    act(supplier_client, claim, "respond", {"action": "reject"})
    act(buyer_client, claim, "escalate")
    response = act(staff_client, claim, "resolve", {"refund_amount": "22.61"})
    assert (response.status_code, list(response.json()["errors"])) == (400, ["refund_amount"])
    assert not Refund.objects.exists()


def test_staff_resolution_with_nothing_refunds_nothing(
    buyer_client: APIClient,
    supplier_client: APIClient,
    staff_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
) -> None:
    claim = file_claim(settled_order)
    act(supplier_client, claim, "respond", {"action": "reject"})
    act(buyer_client, claim, "escalate")
    response = act(staff_client, claim, "resolve", {"refund_amount": "0"})
    assert (response.json()["status"], response.json()["refund_amount"]) == ("resolved", "0.00")
    assert not Refund.objects.exists()


def test_escalating_an_open_claim_before_respond_by_is_409(
    buyer_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order)
    response = act(buyer_client, claim, "escalate")
    assert response.status_code == 409
    Claim.objects.filter(pk=claim["id"]).update(respond_by=timezone.now() - timedelta(seconds=1))
    assert act(buyer_client, claim, "escalate").json()["status"] == "escalated"


@pytest.mark.parametrize(
    ("setup", "client_name", "action", "payload"),
    [
        ([("supplier", "respond", {"action": "reject"})], "supplier", "respond", {"action": "accept"}),
        ([("supplier", "respond", {"action": "offer", "amount": "5"})], "supplier", "respond", {"action": "reject"}),
        ([], "buyer", "accept-offer", {}),
        ([], "staff", "resolve", {"refund_amount": "1.00"}),
        ([("buyer", "withdraw", {})], "buyer", "withdraw", {}),
        ([("buyer", "withdraw", {})], "supplier", "respond", {"action": "accept"}),
        ([("supplier", "respond", {"action": "accept"})], "buyer", "escalate", {}),
        ([("supplier", "respond", {"action": "accept"})], "buyer", "withdraw", {}),
    ],
)
def test_moves_the_table_does_not_allow_are_409(  # noqa: PLR0917 - fixtures
    buyer_client: APIClient,
    supplier_client: APIClient,
    staff_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
    setup: list,
    client_name: str,
    action: str,
    payload: dict,
) -> None:
    clients = {"buyer": buyer_client, "supplier": supplier_client, "staff": staff_client}
    claim = file_claim(settled_order)
    for who, step, data in setup:
        assert act(clients[who], claim, step, data).status_code == 200
    before = Claim.objects.get(pk=claim["id"]).status
    events = ClaimEvent.objects.count()
    response = act(clients[client_name], claim, action, payload)
    assert response.status_code == 409, response.json()
    assert (Claim.objects.get(pk=claim["id"]).status, ClaimEvent.objects.count()) == (before, events)


@pytest.mark.parametrize(
    ("client_name", "action", "payload"),
    [
        ("buyer", "respond", {"action": "accept"}),
        ("supplier", "withdraw", {}),
        ("supplier", "escalate", {}),
        ("supplier", "accept-offer", {}),
    ],
)
def test_the_wrong_party_is_403(  # noqa: PLR0917 - fixtures
    buyer_client: APIClient,
    supplier_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
    client_name: str,
    action: str,
    payload: dict,
) -> None:
    clients = {"buyer": buyer_client, "supplier": supplier_client}
    claim = file_claim(settled_order)
    assert act(clients[client_name], claim, action, payload).status_code == 403


@pytest.mark.parametrize("action", ["respond", "accept-offer", "escalate", "withdraw", "resolve", "events", ""])
def test_a_stranger_gets_404_everywhere(
    stranger_client: APIClient, settled_order: Order, file_claim: Callable, action: str
) -> None:
    claim = file_claim(settled_order)
    url = f"/api/v1/claims/{claim['id']}/{action + '/' if action else ''}"
    response = stranger_client.get(url) if action in ("events", "") else stranger_client.post(url, {}, format="json")
    assert response.status_code == 404


def test_lists_show_claims_filed_or_received(  # noqa: PLR0917 - fixtures
    buyer_client: APIClient,
    supplier_client: APIClient,
    stranger_client: APIClient,
    staff_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
) -> None:
    claim = file_claim(settled_order)
    for client in (buyer_client, supplier_client, staff_client):
        results = client.get("/api/v1/claims/").json()["results"]
        assert [c["id"] for c in results] == [claim["id"]]
        assert client.get(f"/api/v1/claims/{claim['id']}/").status_code == 200
    assert stranger_client.get("/api/v1/claims/").json()["results"] == []
    assert buyer_client.get("/api/v1/claims/?status=resolved").json()["results"] == []
    assert buyer_client.get("/api/v1/claims/?kind=quality").json()["results"][0]["id"] == claim["id"]
    assert buyer_client.get("/api/v1/claims/?status=nope").status_code == 400
    assert buyer_client.get(f"/api/v1/claims/?order={settled_order.pk}").json()["results"][0]["id"] == claim["id"]
    assert buyer_client.get(f"/api/v1/claims/?order={settled_order.pk + 1}").json()["results"] == []


def test_claim_list_query_count_does_not_grow(
    buyer_client: APIClient, settled_order: Order, file_claim: Callable, django_assert_max_num_queries: Callable
) -> None:
    claim = file_claim(settled_order)
    buyer_client.post(f"/api/v1/claims/{claim['id']}/withdraw/")
    for _ in range(3):
        claim = file_claim(settled_order)
        buyer_client.post(f"/api/v1/claims/{claim['id']}/withdraw/")
    with django_assert_max_num_queries(4):
        assert len(buyer_client.get("/api/v1/claims/").json()["results"]) == 4


def test_refunds_never_exceed_the_gross(
    buyer_client: APIClient, supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    lines = list(settled_order.lines.order_by("pk"))
    # The rule counts earlier refunds against the claimed lines' value: the second claim names both lines.
    for claimed, requested in (([lines[0]], "113.00"), (lines, "1017.00")):
        response = buyer_client.post(
            f"/api/v1/orders/{settled_order.pk}/claims/",
            {
                "kind": "wrong_item",
                "lines": [{"order_line": line.pk, "quantity": line.quantity} for line in claimed],
                "requested_amount": requested,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        act(supplier_client, response.json(), "respond", {"action": "accept"})
        assert_ledger_balanced()
    settlement = Settlement.objects.get(order=settled_order)
    assert (settlement.refunded_amount, settlement.refunded_commission, settlement.refunded_vat) == (
        Decimal("1130.00"),
        Decimal("16.95"),
        Decimal("130.00"),
    )
    assert settlement.payout_held_amount == 0
    assert balance("supplier_payable", settled_order.supplier_id) == 0
    again = buyer_client.post(
        f"/api/v1/orders/{settled_order.pk}/claims/",
        {"kind": "quality", "lines": [{"order_line": lines[0].pk, "quantity": 1}], "requested_amount": "0.01"},
        format="json",
    )
    assert again.status_code == 400


def test_refund_on_a_delivered_order_settles_it_first(
    supplier_client: APIClient, order: Order, file_claim: Callable
) -> None:
    claim = file_claim(order, requested="10.00")
    assert act(supplier_client, claim, "respond", {"action": "accept"}).status_code == 200
    order.refresh_from_db()
    assert order.status == "settled"
    assert Settlement.objects.get(order=order).refunded_amount == Decimal("10.00")
    assert_ledger_balanced()


def test_upheld_counterfeit_claim_emails_staff(
    supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    reviewer = UserFactory(organization=None, is_staff=True, email="reviewer@example.com")
    UserFactory(organization=None, is_staff=False, email="nobody@example.com")
    claim = file_claim(settled_order, kind="counterfeit", requested="10.00")
    act(supplier_client, claim, "respond", {"action": "accept"})
    event = OutboxEvent.objects.get(type="claim.counterfeit_upheld")
    assert event.organization_id is None
    assert event.data["supplier"] == settled_order.supplier_id
    mail.outbox.clear()
    outbox_event_dispatch(event_id=event.pk)
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert "brand authorisations" in mail.outbox[0].subject


def test_counterfeit_claim_rejected_by_staff_does_not_alert(
    buyer_client: APIClient,
    supplier_client: APIClient,
    staff_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
) -> None:
    claim = file_claim(settled_order, kind="counterfeit")
    act(supplier_client, claim, "respond", {"action": "reject"})
    act(buyer_client, claim, "escalate")
    act(staff_client, claim, "resolve", {"refund_amount": "0.00"})
    assert not OutboxEvent.objects.filter(type="claim.counterfeit_upheld").exists()
