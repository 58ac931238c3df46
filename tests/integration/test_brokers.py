"""Settlement exactly-once, the outbox and countdowns through real workers on both brokers:
Redis, and RabbitMQ with quorum queues (each test in a virtual host of its own)."""

import os
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from kombu import pools
from rest_framework.test import APIClient

from marketplace.celery import app as celery_app
from marketplace.core.broker import broker_conf, broker_is_amqp
from orders.models import Order
from orders.notifications.models import Notification, OutboxEvent
from orders.settlement.models import Settlement
from orders.settlement.tasks import order_settle
from tests.factories import OrganizationFactory
from tests.integration.conftest import Worker, settlement_delay, use_broker, wait_until
from tests.integration.settling import order_is_locked, settled_once
from tests.orders.factories import ListingFactory
from tests.orders.settlement.factories import DeliveredOrderFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672"


def rabbitmqctl(*args: str) -> str:
    result = subprocess.run(["rabbitmqctl", *args], capture_output=True, text=True, check=True, timeout=60)  # noqa: S603, S607
    return result.stdout


def publish_to(url: str) -> None:
    """Make this test process publish to `url` with that broker's queue declarations."""
    celery_app.conf.update(broker_conf(url, visibility_timeout=6, restore_interval=1, restore_throttle=1))
    celery_app.__dict__.pop("amqp", None)  # queues, exchanges and router are built once per app
    # kombu keeps producer pools per broker URL process-wide; a closed one is never reopened.
    pools.reset()
    use_broker(url)


@pytest.fixture(params=["redis", "amqp"])
def broker(
    request: pytest.FixtureRequest, start_worker: Callable[..., Worker], worker_broker: str
) -> Iterator[Callable[[str], Worker]]:
    """start(name, **env) → a ready worker on this test's broker, which this process publishes to."""
    vhost = None
    url = worker_broker
    if request.param == "amqp":
        vhost = f"yd_test_{os.environ.get('TEST_WORKER_REDIS_DB', '12')}_{uuid.uuid4().hex[:8]}"
        rabbitmqctl("add_vhost", vhost)
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        url = f"{RABBITMQ}/{vhost}"

    def _start(name: str, **env: str) -> Worker:
        extra = {"CELERY_BROKER_URL": url} if vhost else {}
        worker = start_worker(worker_broker, name, **extra, **env)
        publish_to(url)
        return worker

    _start.url = url  # type: ignore[attr-defined]
    _start.vhost = vhost  # type: ignore[attr-defined]
    try:
        yield _start
    finally:
        celery_app.conf.update(
            broker_conf(
                settings.CELERY_BROKER_URL,
                visibility_timeout=3600,
                restore_interval=10,
                restore_throttle=10,
            )
        )
        celery_app.__dict__.pop("amqp", None)
        pools.reset()
        if vhost:
            subprocess.run(["rabbitmqctl", "delete_vhost", vhost], capture_output=True, check=False, timeout=60)  # noqa: S603, S607


@pytest.mark.parametrize("broker", ["amqp"], indirect=True)
def test_rabbitmq_task_queues_are_quorum_queues(broker: Callable[..., Worker]) -> None:
    broker("quorum")
    listed = rabbitmqctl("list_queues", "-p", broker.vhost, "--no-table-headers", "-q", "name", "type")
    types = dict(line.split() for line in listed.strip().splitlines())
    assert types["celery"] == "quorum"
    assert types["notifications"] == "quorum"
    assert broker_is_amqp(broker.url)


def test_worker_killed_mid_settlement_settles_exactly_once_after_restart(broker: Callable[..., Worker]) -> None:
    order = DeliveredOrderFactory()
    first = broker("doomed", **settlement_delay(30))
    order_settle.delay(order.pk)
    assert wait_until(lambda: order_is_locked(order.pk), 15), first.log.read_text()[-2000:]
    first.kill()
    assert not Settlement.objects.filter(order=order).exists()

    second = broker("survivor")
    # Redis re-delivers after its visibility timeout (6 s here); RabbitMQ as soon as the
    # killed worker's connection closes.
    assert wait_until(lambda: Settlement.objects.filter(order=order).exists(), 25), second.log.read_text()[-3000:]
    order.refresh_from_db()
    assert order.status == "settled"
    settled_once(order)


def test_countdown_task_runs_after_its_delay_not_before(broker: Callable[..., Worker]) -> None:
    order = DeliveredOrderFactory()
    worker = broker("timer")
    sent = time.monotonic()
    order_settle.apply_async((order.pk,), countdown=3)
    assert wait_until(lambda: Settlement.objects.filter(order=order).exists(), 25), worker.log.read_text()[-3000:]
    assert time.monotonic() - sent >= 3
    settled_once(order)


def test_order_changes_reach_every_party_through_the_outbox(
    broker: Callable[..., Worker], make_client: Callable[..., APIClient]
) -> None:
    buyer_client = make_client(OrganizationFactory(kind="buyer", status="verified"))
    listing = ListingFactory(quantity_on_hand=20)
    supplier_client = make_client(listing.supplier)
    worker = broker("outbox")

    response = buyer_client.post("/api/v1/orders/", {"lines": [{"listing": listing.pk, "quantity": 2}]}, format="json")
    assert response.status_code == 201, response.content
    order_id = response.json()["id"]
    assert supplier_client.post(f"/api/v1/orders/{order_id}/confirm/").status_code == 200
    ship = supplier_client.post(f"/api/v1/orders/{order_id}/ship/", {"tracking_number": "SF1"}, format="json")
    assert ship.status_code == 200
    assert buyer_client.post(f"/api/v1/orders/{order_id}/deliver/").status_code == 200

    assert wait_until(lambda: Order.objects.get(pk=order_id).status == "settled", 25), worker.log.read_text()[-3000:]
    assert wait_until(lambda: not OutboxEvent.objects.filter(status="pending").exists(), 20)
    events = OutboxEvent.objects.filter(data__id=order_id)
    # placed, confirmed, shipped, delivered, settled × (buyer, supplier)
    assert events.count() == 5 * 2
    assert Notification.objects.filter(event__in=events).count() == events.count()
    settled_once(Order.objects.get(pk=order_id))
