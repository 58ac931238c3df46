"""Pools with real Celery workers: the whole life through the API (the task queued at creation closes
the pool, its orders are placed, one is settled in the worker), and workers racing to close."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from kombu import pools as kombu_pools
from rest_framework.test import APIClient

from marketplace.pools.models import Pool, PoolEvent
from marketplace.pools.tasks import pool_close, pools_close_due
from orders.models import Order
from orders.notifications.models import Notification, OutboxEvent
from orders.settlement.models import LedgerEntry, Settlement
from tests.factories import OrganizationFactory
from tests.integration.conftest import Worker, start_worker, use_broker, wait_until, worker_broker  # noqa: F401
from tests.pools.conftest import POOLS, commit_url, pool_body, tiers
from tests.pools.factories import commitment_make, past, pool_make

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CLOSE_AFTER = timedelta(seconds=8)
CLOSE_WITHIN = timedelta(seconds=30)


def test_pool_closes_by_its_task_and_an_order_is_settled_by_the_worker(
    start_worker: Callable[..., Worker],  # noqa: F811
    worker_broker: str,  # noqa: F811
    make_client: Callable[..., APIClient],
) -> None:
    worker = start_worker(worker_broker, "pools")
    use_broker(worker_broker)
    # kombu keeps its connection and producer pools per broker URL for the whole process; when the
    # worker's broker is the URL earlier tests already used, use_broker leaves a closed pool behind.
    kombu_pools.reset()
    supplier = OrganizationFactory(kind="supplier", status="verified")
    supplier_client = make_client(supplier)
    buyers = [OrganizationFactory(kind="buyer", status="verified") for _ in range(3)]
    clients = [make_client(buyer) for buyer in buyers]

    closes_at = timezone.now() + CLOSE_AFTER
    body = pool_body(
        tiers=tiers((100, "10.00"), (250, "9.00"), (400, "8.50")),
        closes_at=closes_at.isoformat(),
        max_total_quantity=1000,
    )
    created = supplier_client.post(POOLS, body, format="json", HTTP_IDEMPOTENCY_KEY="life-1")
    assert created.status_code == 201, created.content
    pool_id = created.json()["id"]

    # 150 + 120 + 140 = 410 → 8.50; the third (max 8.00) drops → 270 → 9.00, stable.
    for client, quantity, maximum in zip(clients, (150, 120, 140), (None, "9.00", "8.00"), strict=True):
        body = {"quantity": quantity} | ({"max_unit_price": maximum} if maximum else {})
        response = client.post(commit_url(pool_id), body, format="json")
        assert response.status_code == 200, response.content
    assert response.json()["current_tier"] == {"min_total_quantity": 400, "unit_price": "8.50"}

    # No beat runs here: only the task queued at creation can close the pool.
    assert wait_until(
        lambda: Pool.objects.get(pk=pool_id).status != "open", (CLOSE_AFTER + CLOSE_WITHIN).total_seconds()
    ), worker.log.read_text()[-3000:]
    pool = Pool.objects.get(pk=pool_id)
    assert pool.status == "closed"
    assert pool.closed_at - closes_at < CLOSE_WITHIN
    assert (pool.final_unit_price, pool.final_quantity) == (Decimal("9.00"), 270)
    assert PoolEvent.objects.filter(pool=pool, to_status="closed").count() == 1
    late = clients[2].post(commit_url(pool_id), {"quantity": 20}, format="json")
    assert late.status_code == 409

    orders = Order.objects.filter(pool_id=pool_id)
    assert sorted(orders.values_list("buyer_id", flat=True)) == sorted(b.pk for b in buyers[:2])
    assert orders.aggregate(total=Sum("total"))["total"] == pool.final_unit_price * pool.final_quantity
    order = orders.get(buyer=buyers[0])
    order_json = clients[0].get(f"/api/v1/orders/{order.pk}/").json()
    assert (order_json["status"], order_json["pool"]) == ("placed", pool_id)
    [line] = order_json["lines"]
    assert (line["listing"], line["quantity"], line["unit_price"]) == (None, 150, "9.00")
    assert line["description"]

    assert supplier_client.post(f"/api/v1/orders/{order.pk}/confirm/").status_code == 200
    shipped = supplier_client.post(f"/api/v1/orders/{order.pk}/ship/", {"tracking_number": "SF9"}, format="json")
    assert shipped.status_code == 200
    assert clients[0].post(f"/api/v1/orders/{order.pk}/deliver/").status_code == 200

    assert wait_until(lambda: Settlement.objects.filter(order=order).exists(), 30), worker.log.read_text()[-3000:]
    order.refresh_from_db()
    assert order.status == "settled"
    assert Settlement.objects.get(order=order).gross_amount == Decimal("1350.00")
    entries = list(LedgerEntry.objects.filter(transaction__order=order))
    assert sum(e.debit for e in entries) == sum(e.credit for e in entries) > 0

    assert wait_until(lambda: not OutboxEvent.objects.filter(status="pending").exists(), 30)
    told = set(Notification.objects.filter(type="pool.closed").values_list("organization_id", flat=True))
    assert told == {supplier.pk, *(b.pk for b in buyers)}
    assert Notification.objects.filter(type="pool.committed", organization=supplier).count() == 3
    assert Notification.objects.filter(type="pool.tier_reached", organization=supplier).count() == 3


def test_two_workers_and_the_sweep_racing_close_each_pool_once(
    start_worker: Callable[..., Worker],  # noqa: F811
    worker_broker: str,  # noqa: F811
) -> None:
    pools = [pool_make(closes_at=past()) for _ in range(3)]
    for pool in pools:
        for quantity in (60, 70, 80):
            commitment_make(pool, quantity)
    start_worker(worker_broker, "left")
    start_worker(worker_broker, "right")
    use_broker(worker_broker)
    kombu_pools.reset()

    for pool in pools:
        for _copy in range(4):
            pool_close.delay(pool.pk)
    pools_close_due.delay()
    pools_close_due.delay()

    assert wait_until(lambda: not Pool.objects.filter(status="open").exists(), 30)
    assert wait_until(lambda: not OutboxEvent.objects.filter(status="pending").exists(), 30)
    for pool in pools:
        assert PoolEvent.objects.filter(pool=pool, to_status="closed").count() == 1
        assert Order.objects.filter(pool_id=pool.pk).count() == 3
        assert OutboxEvent.objects.filter(type="pool.closed", data__id=pool.pk).count() == 4
