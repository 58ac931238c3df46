"""Filing a claim through the API: who, when, how much, and one open claim per order."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from orders.claims.models import Claim, ClaimEvent, ClaimLine
from orders.models import Order
from orders.notifications.models import OutboxEvent
from orders.settlement.models import Settlement
from tests.orders.claims.factories import delivered_order

pytestmark = pytest.mark.django_db


def body(order: Order, *, requested: str = "20.00", quantity: int = 2, line_index: int = 0, **extra: object) -> dict:
    line = list(order.lines.order_by("pk"))[line_index]
    return {
        "kind": "quality",
        "lines": [{"order_line": line.pk, "quantity": quantity}],
        "description": "Rusty raceways",
        "requested_amount": requested,
        **extra,
    }


def post(client: APIClient, order: Order, payload: dict) -> object:
    return client.post(f"/api/v1/orders/{order.pk}/claims/", payload, format="json")


def test_buyer_files_a_claim_on_a_settled_order(
    buyer_client: APIClient, settled_order: Order, settings: object
) -> None:
    settings.MARKETPLACE_CLAIM_RESPONSE_HOURS = Decimal("0.5")
    response = post(buyer_client, settled_order, body(settled_order))
    assert response.status_code == 201, response.json()
    claim = response.json()
    line = settled_order.lines.order_by("pk").first()
    assert set(claim) >= {
        "id",
        "order",
        "status",
        "kind",
        "lines",
        "description",
        "requested_amount",
        "respond_by",
        "refund_amount",
        "created_at",
    }
    assert (claim["order"], claim["status"], claim["kind"]) == (settled_order.pk, "open", "quality")
    assert claim["lines"] == [{"order_line": line.pk, "quantity": 2}]
    assert (claim["requested_amount"], claim["refund_amount"], claim["resolved_at"]) == ("20.00", None, None)
    stored = Claim.objects.get(pk=claim["id"])
    assert stored.respond_by - stored.created_at == timedelta(minutes=30)
    event = ClaimEvent.objects.get(claim=stored)
    assert (event.from_status, event.to_status, event.actor_id) == ("", "open", buyer_client.user.pk)
    opened = OutboxEvent.objects.filter(type="claim.opened")
    assert sorted(opened.values_list("organization_id", flat=True)) == sorted(
        [settled_order.buyer_id, settled_order.supplier_id]
    )


def test_order_lines_show_their_id(buyer_client: APIClient, settled_order: Order) -> None:
    lines = buyer_client.get(f"/api/v1/orders/{settled_order.pk}/").json()["lines"]
    assert [line["id"] for line in lines] == list(settled_order.lines.order_by("pk").values_list("pk", flat=True))


def test_a_delivered_order_not_yet_settled_can_be_claimed(buyer_client: APIClient, order: Order) -> None:
    assert post(buyer_client, order, body(order)).status_code == 201


def test_claim_on_an_order_not_delivered_is_409(buyer_client: APIClient, buyer: object, supplier: object) -> None:
    shipped = delivered_order(buyer=buyer, supplier=supplier, status="shipped")
    response = post(buyer_client, shipped, body(shipped))
    assert response.status_code == 409
    assert response.json()["code"] == "order_not_delivered"
    assert not Claim.objects.exists()


def test_claim_after_release_at_is_409_claim_window_closed(buyer_client: APIClient, settled_order: Order) -> None:
    Settlement.objects.filter(order=settled_order).update(release_at=timezone.now() - timedelta(seconds=1))
    response = post(buyer_client, settled_order, body(settled_order))
    assert response.status_code == 409
    assert response.json()["code"] == "claim_window_closed"
    assert not Claim.objects.exists()


def test_claim_window_of_an_unsettled_order_runs_from_delivery(
    buyer_client: APIClient, order: Order, settings: object
) -> None:
    settings.MARKETPLACE_CLAIM_WINDOW_HOURS = Decimal("0.5")
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(minutes=31))
    response = post(buyer_client, order, body(order))
    assert (response.status_code, response.json()["code"]) == (409, "claim_window_closed")


def test_supplier_filing_is_403(supplier_client: APIClient, settled_order: Order) -> None:
    response = post(supplier_client, settled_order, body(settled_order))
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_stranger_filing_is_404(stranger_client: APIClient, settled_order: Order) -> None:
    assert post(stranger_client, settled_order, body(settled_order)).status_code == 404
    assert not Claim.objects.exists()


def test_unauthenticated_filing_is_401(api_client: APIClient, settled_order: Order) -> None:
    assert post(api_client, settled_order, body(settled_order)).status_code == 401


def test_second_open_claim_is_409(buyer_client: APIClient, settled_order: Order, file_claim: Callable) -> None:
    file_claim(settled_order)
    response = post(buyer_client, settled_order, body(settled_order))
    assert (response.status_code, response.json()["code"]) == (409, "claim_already_open")
    assert Claim.objects.count() == 1


def test_after_withdrawal_a_new_claim_may_be_filed(
    buyer_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    first = file_claim(settled_order)
    assert buyer_client.post(f"/api/v1/claims/{first['id']}/withdraw/").status_code == 200
    assert post(buyer_client, settled_order, body(settled_order)).status_code == 201


def test_requested_amount_above_the_lines_value_is_400(buyer_client: APIClient, settled_order: Order) -> None:
    # 2 × 11.30 = 22.60
    response = post(buyer_client, settled_order, body(settled_order, requested="22.61"))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["requested_amount"]
    assert post(buyer_client, settled_order, body(settled_order, requested="22.60")).status_code == 201


def test_requested_amount_counts_earlier_refunds(
    buyer_client: APIClient, supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    first = file_claim(settled_order, requested="20.00")
    assert supplier_client.post(f"/api/v1/claims/{first['id']}/respond/", {"action": "accept"}).status_code == 200
    # The same two units are worth 22.60; 20.00 was refunded, so at most 2.60 remains.
    response = post(buyer_client, settled_order, body(settled_order, requested="2.61"))
    assert (response.status_code, list(response.json()["errors"])) == (400, ["requested_amount"])
    assert post(buyer_client, settled_order, body(settled_order, requested="2.60")).status_code == 201


def test_quantity_above_the_lines_is_400(buyer_client: APIClient, settled_order: Order) -> None:
    response = post(buyer_client, settled_order, body(settled_order, quantity=11, requested="1.00"))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lines.0.quantity"]
    assert not Claim.objects.exists()


def test_a_line_of_another_order_is_400(
    buyer_client: APIClient, settled_order: Order, buyer: object, supplier: object
) -> None:
    other = delivered_order(buyer=buyer, supplier=supplier)
    payload = body(settled_order)
    payload["lines"] = [{"order_line": other.lines.first().pk, "quantity": 1}]
    response = post(buyer_client, settled_order, payload)
    assert (response.status_code, list(response.json()["errors"])) == (400, ["lines.0.order_line"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "broken"}, "kind"),
        ({"lines": []}, "lines"),
        ({"requested_amount": "0.00"}, "requested_amount"),
        ({"requested_amount": "-1"}, "requested_amount"),
        ({"requested_amount": "abc"}, "requested_amount"),
        ({"requested_amount": "1.001"}, "requested_amount"),
        ({"lines": [{"order_line": 1, "quantity": 0}]}, "lines.0.quantity"),
        ({"lines": "x"}, "lines"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(
    buyer_client: APIClient, settled_order: Order, change: dict, field: str
) -> None:
    response = post(buyer_client, settled_order, {**body(settled_order), **change})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Claim.objects.exists()


def test_same_idempotency_key_replays_the_first_claim(buyer_client: APIClient, settled_order: Order) -> None:
    url = f"/api/v1/orders/{settled_order.pk}/claims/"
    first = buyer_client.post(url, body(settled_order), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = buyer_client.post(url, body(settled_order), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert (Claim.objects.count(), ClaimLine.objects.count()) == (1, 1)
