"""Pool events are contract events: webhooks subscribe to them, e-mails name them in both languages."""

import pytest
from rest_framework.test import APIClient

from marketplace.pools.services import pool_close
from orders.notifications.models import Notification, OutboxEvent, WebhookDelivery
from orders.notifications.services import outbox_event_dispatch, webhook_endpoint_create
from orders.notifications.services.email import email_subject
from tests.pools.factories import commitment_make, past, pool_make

pytestmark = pytest.mark.django_db

POOL_EVENTS = ["pool.committed", "pool.tier_reached", "pool.closed", "pool.failed"]


def test_a_webhook_may_subscribe_to_every_pool_event(supplier_client: APIClient, settings: object) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True
    response = supplier_client.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9/h", "events": POOL_EVENTS})
    assert response.status_code == 201, response.content
    assert sorted(response.json()["events"]) == sorted(POOL_EVENTS)


def test_a_closed_pool_reaches_a_subscribed_webhook_and_the_inbox(settings: object) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    pool = pool_make(closes_at=past())
    commitment = commitment_make(pool, 150)
    webhook_endpoint_create(organization=commitment.buyer, url="http://127.0.0.1:9/h", events=["pool.closed"])

    pool_close(pool_id=pool.pk)

    event = OutboxEvent.objects.get(type="pool.closed", organization=commitment.buyer)
    outbox_event_dispatch(event_id=event.pk)

    assert Notification.objects.filter(organization=commitment.buyer, type="pool.closed").count() == 1
    assert WebhookDelivery.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("event_type", "language", "expected"),
    [
        ("pool.closed", "en", "Pool #7 closed at 9.00 per unit"),
        ("pool.closed", "zh-hans", "集采 #7 已成团，成交单价 9.00"),
        ("pool.failed", "zh-hans", "集采 #7 未达到起订量，未成团"),
        ("pool.committed", "en", "A buyer committed to your pool #7"),
        ("pool.tier_reached", "en", "Pool #7 reached a lower price tier"),
    ],
)
def test_pool_events_have_their_own_e_mail_subject(event_type: str, language: str, expected: str) -> None:
    assert email_subject(event_type=event_type, data={"id": 7, "final_unit_price": "9.00"}, language=language) == (
        expected
    )
