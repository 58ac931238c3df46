"""Settlement and notifications through real workers: killed mid-task, broker outages, races."""

from collections.abc import Callable

import pytest
from django.db import DatabaseError, transaction
from rest_framework.test import APIClient

from orders.models import Order, OrderEvent
from orders.notifications.models import Notification, OutboxEvent
from orders.notifications.tasks import outbox_sweep
from orders.settlement.models import LedgerTransaction, Settlement
from orders.settlement.tasks import order_settle, settlements_sweep
from tests.factories import OrganizationFactory
from tests.integration.conftest import RedisServer, Worker, use_broker, wait_until
from tests.integration.faults import DELAY_ENV
from tests.orders.factories import ListingFactory
from tests.orders.settlement.factories import DeliveredOrderFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Workers that hold each settlement open for a while (see tests/integration/faults.py).
SLOW_SETTLEMENT = "tests.integration.worker_settings"


def settlement_delay(seconds: float) -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": SLOW_SETTLEMENT, DELAY_ENV: str(seconds)}


def order_is_locked(order_id: int) -> bool:
    try:
        with transaction.atomic():
            Order.objects.select_for_update(nowait=True).get(pk=order_id)
    except DatabaseError:
        return True
    return False


def settled_once(order: Order) -> None:
    assert Settlement.objects.filter(order=order).count() == 1
    assert LedgerTransaction.objects.filter(order=order).count() == 1
    assert OrderEvent.objects.filter(order=order, to_status="settled").count() == 1
    assert OutboxEvent.objects.filter(type="order.settled", data__id=order.pk).count() == 2


def test_worker_killed_mid_settlement_settles_exactly_once_after_restart(
    start_worker: Callable[..., Worker], worker_broker: str
) -> None:
    order = DeliveredOrderFactory()
    first = start_worker(worker_broker, "doomed", **settlement_delay(30))
    use_broker(worker_broker)
    order_settle.delay(order.pk)
    assert wait_until(lambda: order_is_locked(order.pk), 10), first.log.read_text()[-2000:]
    first.kill()
    assert not Settlement.objects.filter(order=order).exists()

    second = start_worker(worker_broker, "survivor")
    # The unacknowledged message comes back once its visibility timeout (6 s here) passes.
    assert wait_until(lambda: Settlement.objects.filter(order=order).exists(), 25), second.log.read_text()[-3000:]
    order.refresh_from_db()
    assert order.status == "settled"
    settled_once(order)


def test_two_workers_racing_on_the_same_settlement_settle_once(
    start_worker: Callable[..., Worker], worker_broker: str
) -> None:
    orders = DeliveredOrderFactory.create_batch(3)
    start_worker(worker_broker, "left", **settlement_delay(0.5))
    start_worker(worker_broker, "right", **settlement_delay(0.5))
    use_broker(worker_broker)
    for order in orders:
        for _copy in range(4):
            order_settle.delay(order.pk)
    assert wait_until(lambda: Settlement.objects.count() == len(orders), 20)
    assert wait_until(lambda: OutboxEvent.objects.filter(status="pending").count() == 0, 10)
    for order in orders:
        settled_once(order)


def test_broker_outage_loses_no_notification_or_settlement(
    start_worker: Callable[..., Worker], own_redis: RedisServer, make_client: Callable[..., APIClient]
) -> None:
    buyer = OrganizationFactory(kind="buyer", status="verified")
    buyer_client = make_client(buyer)
    listing = ListingFactory(quantity_on_hand=50)
    supplier_client = make_client(listing.supplier)
    worker = start_worker(own_redis.url, "outage")
    use_broker(own_redis.url)
    own_redis.stop()

    order_ids = []
    for _ in range(3):
        response = buyer_client.post(
            "/api/v1/orders/", {"lines": [{"listing": listing.pk, "quantity": 2}]}, format="json"
        )
        assert response.status_code == 201, response.content
        order_id = response.json()["id"]
        assert supplier_client.post(f"/api/v1/orders/{order_id}/confirm/").status_code == 200
        ship = supplier_client.post(f"/api/v1/orders/{order_id}/ship/", {"tracking_number": "SF123"}, format="json")
        assert ship.status_code == 200
        assert buyer_client.post(f"/api/v1/orders/{order_id}/deliver/").status_code == 200
        order_ids.append(order_id)
    assert not Notification.objects.exists()
    assert not Settlement.objects.exists()

    own_redis.start()
    # What beat does every 30-60 s, with the age thresholds at zero to keep the test short.
    assert wait_until(lambda: _try(lambda: settlements_sweep.delay(older_than_seconds=0)), 10)
    assert wait_until(lambda: Settlement.objects.count() == len(order_ids), 20), worker.log.read_text()[-3000:]
    outbox_sweep.delay(older_than_seconds=0)
    assert wait_until(lambda: not OutboxEvent.objects.filter(status="pending").exists(), 20)

    for order in Order.objects.filter(pk__in=order_ids):
        assert order.status == "settled"
        settled_once(order)
    events = OutboxEvent.objects.all()
    # placed, confirmed, shipped, delivered, settled × (buyer, supplier) per order
    assert events.count() == len(order_ids) * 5 * 2
    assert Notification.objects.count() == events.count()
    assert Notification.objects.filter(event__isnull=True).count() == 0


def _try(call: Callable[[], object]) -> bool:
    try:
        call()
    except Exception:
        return False
    return True
