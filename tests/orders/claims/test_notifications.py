"""Claim and payout events reach both parties in-app, by e-mail in their language, and by webhook."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Order
from orders.notifications.models import Notification, OutboxEvent, WebhookDelivery
from orders.notifications.services import outbox_event_dispatch, webhook_endpoint_create
from orders.settlement.escrow import payout_release
from orders.settlement.models import Settlement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def dispatch_all() -> None:
    for event_id in OutboxEvent.objects.filter(status="pending").values_list("pk", flat=True):
        outbox_event_dispatch(event_id=event_id)


def test_claim_events_notify_both_parties_in_app_and_by_webhook(
    buyer_client: APIClient,
    supplier_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
    settings: object,
) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True
    webhook_endpoint_create(
        organization=settled_order.buyer,
        url="http://127.0.0.1:9/hooks",
        events=["claim.opened", "claim.updated", "claim.resolved"],
    )
    claim = file_claim(settled_order, requested="10.00")
    supplier_client.post(f"/api/v1/claims/{claim['id']}/respond/", {"action": "offer", "amount": "5.00"})
    buyer_client.post(f"/api/v1/claims/{claim['id']}/accept-offer/")
    dispatch_all()
    for client in (buyer_client, supplier_client):
        types = [item["type"] for item in client.get("/api/v1/notifications/").json()["results"]]
        assert {"claim.opened", "claim.updated", "claim.resolved"} <= set(types)
    resolved = Notification.objects.get(organization=settled_order.buyer, type="claim.resolved")
    assert resolved.data["id"] == claim["id"]
    assert resolved.data["refund_amount"] == "5.00"
    deliveries = WebhookDelivery.objects.filter(endpoint__organization=settled_order.buyer)
    assert sorted(deliveries.values_list("event_type", flat=True)) == [
        "claim.opened",
        "claim.resolved",
        "claim.updated",
    ]


def test_claim_e_mail_in_the_recipients_language(settled_order: Order, file_claim: Callable) -> None:
    UserFactory(organization=settled_order.supplier, language="zh-hans", email="gys@example.com")
    dispatch_all()
    mail.outbox.clear()
    file_claim(settled_order)
    dispatch_all()
    chinese = [m for m in mail.outbox if m.to == ["gys@example.com"]]
    assert len(chinese) == 1
    assert chinese[0].subject == f"订单 {settled_order.number} 收到新的售后索赔"


def test_payout_released_reaches_only_the_supplier(
    supplier_client: APIClient, buyer_client: APIClient, settled_order: Order
) -> None:
    Settlement.objects.filter(order=settled_order).update(release_at=timezone.now() - timedelta(seconds=1))
    payout_release(settlement_id=Settlement.objects.get(order=settled_order).pk)
    dispatch_all()
    supplier_types = [item["type"] for item in supplier_client.get("/api/v1/notifications/").json()["results"]]
    buyer_types = [item["type"] for item in buyer_client.get("/api/v1/notifications/").json()["results"]]
    assert "payout.released" in supplier_types
    assert "payout.released" not in buyer_types
    released = [m for m in mail.outbox if "payout" in m.subject.lower()]
    assert released
    assert "1113.05" in released[-1].body


def test_webhooks_may_subscribe_to_claim_and_payout_events(supplier_client: APIClient, settings: object) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True
    response = supplier_client.post(
        "/api/v1/webhooks/",
        {
            "url": "http://127.0.0.1:9/h",
            "events": ["claim.opened", "claim.updated", "claim.resolved", "payout.released"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_evidence_upload_honours_idempotency_key(
    buyer_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders.claims.models import ClaimEvidence

    claim = file_claim(settled_order)
    url = f"/api/v1/claims/{claim['id']}/evidence/"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    responses = [
        buyer_client.post(
            url, {"file": SimpleUploadedFile("a.png", png)}, format="multipart", HTTP_IDEMPOTENCY_KEY="ev-1"
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert ClaimEvidence.objects.count() == 1
