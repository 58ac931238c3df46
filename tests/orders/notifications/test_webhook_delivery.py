import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from orders.notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from orders.notifications.services import (
    outbox_event_dispatch,
    outbox_publish,
    webhook_delivery_retry,
    webhook_delivery_send,
    webhook_endpoint_rotate_secret,
)
from orders.notifications.services.deliveries import MAX_ATTEMPTS, RETRY_DELAYS
from orders.notifications.tasks import webhook_deliveries_retry_due
from tests.factories import OrganizationFactory
from tests.orders.notifications.conftest import Receiver
from tests.orders.notifications.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

ORDER = {"id": 11, "number": "YD-20260301-0011", "status": "settled"}


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """An independent Standard Webhooks verifier, as a receiver would write it."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body.decode()}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, part.split(",", 1)[1]) for part in headers["webhook-signature"].split(" "))


def deliver_event(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Publish an event to the endpoint's organisation and make the first attempt."""
    with transaction.atomic():
        (event,) = outbox_publish(event_type="order.settled", data=ORDER, organization_ids=[endpoint.organization_id])
    outbox_event_dispatch(event_id=event.pk)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint, attempt=1)
    webhook_delivery_send(delivery_id=delivery.pk)
    return delivery


def send_next_attempt(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Move time past the pending attempt's due time and send it."""
    pending = WebhookDelivery.objects.get(endpoint=endpoint, status="pending")
    WebhookDelivery.objects.filter(pk=pending.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    webhook_delivery_send(delivery_id=pending.pk)
    pending.refresh_from_db()
    return pending


@pytest.fixture
def endpoint(receiver: Receiver, allow_private: None) -> WebhookEndpoint:
    return WebhookEndpointFactory(url=receiver.url, events=["order.settled"])


def test_delivery_is_signed_per_standard_webhooks(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    delivery = deliver_event(endpoint)
    (request,) = receiver.requests
    assert verify(endpoint.secret, request.headers, request.body)
    assert request.headers["webhook-id"] == delivery.message_id
    assert abs(int(request.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert request.headers["content-type"] == "application/json"
    assert set(request.json) == {"type", "timestamp", "data"}
    assert request.json["data"] == ORDER


def test_tampered_body_does_not_verify(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    deliver_event(endpoint)
    (request,) = receiver.requests
    assert not verify(endpoint.secret, request.headers, request.body.replace(b"settled", b"shipped"))


def test_receiver_failing_twice_then_succeeding(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    receiver.answers = [(500, {}), (503, {})]
    first = deliver_event(endpoint)
    first.refresh_from_db()
    assert (first.status, first.response_status_code, first.error) == ("failed", 500, "HTTP 500")
    assert timedelta(seconds=4) < first.next_attempt_at - first.attempted_at < timedelta(seconds=6)
    second = send_next_attempt(endpoint)
    assert (second.status, second.attempt) == ("failed", 2)
    third = send_next_attempt(endpoint)
    assert (third.status, third.attempt, third.response_status_code) == ("delivered", 3, 200)
    assert third.next_attempt_at is None
    assert len({request.headers["webhook-id"] for request in receiver.requests}) == 1
    assert all(verify(endpoint.secret, request.headers, request.body) for request in receiver.requests)
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures) == (True, 0)


def test_an_attempt_that_is_not_due_is_not_sent(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    receiver.answers = [(500, {})]
    deliver_event(endpoint)
    pending = WebhookDelivery.objects.get(endpoint=endpoint, status="pending")
    webhook_delivery_send(delivery_id=pending.pk)
    assert len(receiver.requests) == 1
    assert webhook_deliveries_retry_due.delay().get() == 0


def test_retry_task_sends_due_attempts(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    receiver.answers = [(500, {})]
    deliver_event(endpoint)
    WebhookDelivery.objects.filter(status="pending").update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    assert webhook_deliveries_retry_due.delay().get() == 1
    assert list(WebhookDelivery.objects.order_by("attempt").values_list("status", flat=True)) == [
        "failed",
        "delivered",
    ]


def test_endpoint_that_never_succeeds_is_disabled_after_the_schedule(
    endpoint: WebhookEndpoint, receiver: Receiver
) -> None:
    receiver.answers = [(500, {})] * MAX_ATTEMPTS
    deliver_event(endpoint)
    for _ in range(MAX_ATTEMPTS - 1):
        send_next_attempt(endpoint)
    endpoint.refresh_from_db()
    assert len(receiver.requests) == MAX_ATTEMPTS == 8
    assert not endpoint.is_active
    assert endpoint.consecutive_failures == MAX_ATTEMPTS
    assert not WebhookDelivery.objects.filter(status="pending").exists()
    notice = Notification.objects.get(organization=endpoint.organization, type="webhook.disabled")
    assert notice.data["id"] == endpoint.pk
    assert not notice.event_id  # in-app only: no outbox event, so no e-mail or webhook


def test_retry_schedule_spans_about_a_day(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    receiver.answers = [(500, {})] * MAX_ATTEMPTS
    deliver_event(endpoint)
    for _ in range(MAX_ATTEMPTS - 1):
        send_next_attempt(endpoint)
    gaps = [
        row.next_attempt_at - row.attempted_at
        for row in WebhookDelivery.objects.filter(endpoint=endpoint).order_by("attempt")[: MAX_ATTEMPTS - 1]
    ]
    for gap, nominal in zip(gaps, RETRY_DELAYS, strict=True):
        assert nominal * 0.9 <= gap <= nominal * 1.1
    assert timedelta(hours=24) < sum(gaps, timedelta()) < timedelta(hours=32)


def test_410_gone_disables_the_endpoint_at_once(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    receiver.answers = [(410, {})]
    delivery = deliver_event(endpoint)
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert (delivery.status, delivery.response_status_code, delivery.next_attempt_at) == ("failed", 410, None)
    assert not endpoint.is_active
    assert "410" in endpoint.disabled_reason
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1


def test_429_retry_after_is_honoured(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    receiver.answers = [(429, {"Retry-After": "120"})]
    delivery = deliver_event(endpoint)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - delivery.attempted_at == timedelta(seconds=120)
    retry = WebhookDelivery.objects.get(endpoint=endpoint, status="pending")
    assert (retry.attempt, retry.next_attempt_at) == (2, delivery.next_attempt_at)


def test_private_address_is_refused_at_send_time(receiver: Receiver, settings: object) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = False
    endpoint = WebhookEndpointFactory(url=receiver.url, events=["order.settled"])
    delivery = deliver_event(endpoint)
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert (delivery.status, delivery.response_status_code, delivery.next_attempt_at) == ("failed", None, None)
    assert "private" in delivery.error
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1


def test_unreachable_receiver_is_retried(allow_private: None) -> None:
    endpoint = WebhookEndpointFactory(url="http://127.0.0.1:9/hook", events=["order.settled"])
    delivery = deliver_event(endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.response_status_code is None
    assert "Connection" in delivery.error
    assert WebhookDelivery.objects.filter(endpoint=endpoint, status="pending", attempt=2).exists()


def test_rotated_secret_signs_with_new_and_old_keys(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    old_secret = endpoint.secret
    endpoint = webhook_endpoint_rotate_secret(endpoint=endpoint)
    deliver_event(endpoint)
    (request,) = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert verify(endpoint.secret, request.headers, request.body)
    assert verify(old_secret, request.headers, request.body)


def test_old_secret_stops_signing_after_the_overlap(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    old_secret = endpoint.secret
    endpoint = webhook_endpoint_rotate_secret(endpoint=endpoint)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(previous_secret_expires_at=timezone.now())
    deliver_event(endpoint)
    (request,) = receiver.requests
    assert verify(endpoint.secret, request.headers, request.body)
    assert not verify(old_secret, request.headers, request.body)


def test_retry_now_adds_an_attempt_for_a_failed_message(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    receiver.answers = [(500, {})]
    first = deliver_event(endpoint)
    retried = webhook_delivery_retry(delivery_id=first.pk)
    assert retried.attempt == 2
    webhook_delivery_send(delivery_id=retried.pk)
    retried.refresh_from_db()
    assert retried.status == "delivered"


def test_a_delivery_of_a_disabled_endpoint_is_not_sent(endpoint: WebhookEndpoint, receiver: Receiver) -> None:
    organization = OrganizationFactory()
    endpoint.organization = organization
    endpoint.save()
    with transaction.atomic():
        (event,) = outbox_publish(event_type="order.settled", data=ORDER, organization_ids=[organization.pk])
    outbox_event_dispatch(event_id=event.pk)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert receiver.requests == []
