"""The contract's worker command, `celery -A marketplace worker`, delivers notifications."""

from collections.abc import Callable

import pytest
from django.db import transaction

from orders.notifications.models import Notification, OutboxEvent, WebhookDelivery
from orders.notifications.services import outbox_publish
from tests.integration.conftest import Worker, use_broker, wait_until
from tests.orders.notifications.conftest import Receiver, receiver  # noqa: F401 - the HTTP receiver fixture
from tests.orders.notifications.factories import WebhookEndpointFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ORDER = {"id": 7, "number": "YD-20261130-0007", "status": "settled"}


def test_plain_worker_command_delivers_a_webhook(
    start_worker: Callable[..., Worker],
    worker_broker: str,
    receiver: Receiver,  # noqa: F811
) -> None:
    endpoint = WebhookEndpointFactory(url=receiver.url, events=["order.settled"])
    worker = start_worker(worker_broker, "plain", plain=True)
    use_broker(worker_broker)
    with transaction.atomic():
        (event,) = outbox_publish(event_type="order.settled", data=ORDER, organization_ids=[endpoint.organization_id])

    assert wait_until(lambda: len(receiver.requests) == 1, 30), worker.log.read_text()[-3000:]
    assert receiver.requests[0].json["type"] == "order.settled"
    assert receiver.requests[0].json["data"] == ORDER
    assert wait_until(lambda: WebhookDelivery.objects.filter(endpoint=endpoint, status="delivered").exists(), 10)
    assert wait_until(lambda: OutboxEvent.objects.get(pk=event.pk).status == "dispatched", 10)
    assert Notification.objects.filter(event=event).count() == 1
