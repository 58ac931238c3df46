"""Real concurrent transactions on PostgreSQL: the cap holds, a pool closes once, no half-in commitment."""

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.pools.models import Commitment, Pool, PoolEvent
from marketplace.pools.services import pool_close, pools_close_due
from orders.models import Order
from orders.notifications.models import OutboxEvent
from tests.factories import OrganizationFactory, UserFactory
from tests.pools.conftest import commit_url
from tests.pools.factories import commitment_make, past, pool_make

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count: int, work: Callable[[int], object]) -> list[object]:
    """Start `count` threads at one barrier; returns each one's result (or the exception it raised)."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # the test inspects what each thread ended with
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def buyer_clients(count: int) -> list[APIClient]:
    clients = []
    for _ in range(count):
        client = APIClient()
        client.force_authenticate(UserFactory(organization=OrganizationFactory(kind="buyer", status="verified")))
        clients.append(client)
    return clients


def active_total(pool: Pool) -> int:
    return Commitment.objects.filter(pool=pool, status="active").aggregate(n=Sum("quantity"))["n"] or 0


def test_thirty_buyers_racing_for_a_cap_of_two_hundred_never_exceed_it() -> None:
    pool = pool_make(max_total_quantity=200, min_commitment=10)
    clients = buyer_clients(30)

    def commit(index: int) -> int:
        return clients[index].post(commit_url(pool.pk), {"quantity": 20}, format="json").status_code

    statuses = Counter(run_together(30, commit))

    assert statuses == {200: 10, 409: 20}
    pool.refresh_from_db()
    assert pool.total_committed == active_total(pool) == 200
    assert pool.participants == 10


def test_buyers_replacing_and_committing_at_once_keep_the_total_within_the_cap() -> None:
    pool = pool_make(max_total_quantity=300, min_commitment=10)
    clients = buyer_clients(12)

    def commit_twice(index: int) -> tuple[int, int]:
        first = clients[index].post(commit_url(pool.pk), {"quantity": 40}, format="json").status_code
        second = clients[index].post(commit_url(pool.pk), {"quantity": 10 + index * 5}, format="json").status_code
        return first, second

    results = run_together(12, commit_twice)

    assert all(isinstance(r, tuple) for r in results), results
    pool.refresh_from_db()
    assert pool.total_committed == active_total(pool) <= 300
    assert pool.participants == Commitment.objects.filter(pool=pool, status="active").count()


def test_two_closes_racing_close_once() -> None:
    pool = pool_make(closes_at=past())
    for _ in range(4):
        commitment_make(pool, 60)

    results = run_together(2, lambda _i: pool_close(pool_id=pool.pk) is not None)

    assert sorted(results) == [False, True]
    assert Order.objects.filter(pool_id=pool.pk).count() == 4
    assert PoolEvent.objects.filter(pool=pool, to_status="closed").count() == 1
    assert OutboxEvent.objects.filter(type="pool.closed").count() == 5


def test_the_task_and_two_sweeps_racing_close_once() -> None:
    pools = [pool_make(closes_at=past()) for _ in range(3)]
    for pool in pools:
        commitment_make(pool, 150)

    def work(index: int) -> object:
        return pools_close_due() if index else pool_close(pool_id=pools[0].pk)

    run_together(3, work)

    for pool in pools:
        assert Pool.objects.get(pk=pool.pk).status == "closed"
        assert Order.objects.filter(pool_id=pool.pk).count() == 1
        assert PoolEvent.objects.filter(pool=pool, to_status="closed").count() == 1


def test_commitments_arriving_during_the_close_are_either_in_or_refused() -> None:
    pool = pool_make(min_commitment=10)
    commitment_make(pool, 100)
    clients = buyer_clients(16)
    # The first request of a process imports every view; done here so no thread waits on it.
    assert clients[1].get(f"/api/v1/pools/{pool.pk}/").status_code == 200

    def work(index: int) -> object:
        if index == 0:
            # The closing time is set once every thread is running, half-way through the commits.
            closes_at = timezone.now() + timedelta(seconds=0.5)
            Pool.objects.filter(pk=pool.pk).update(closes_at=closes_at)
            while timezone.now() < closes_at:
                time.sleep(0.01)
            return pool_close(pool_id=pool.pk)
        time.sleep(0.08 * index)
        return clients[index].post(commit_url(pool.pk), {"quantity": 10}, format="json").status_code

    results = run_together(16, work)

    statuses = Counter(results[1:])
    assert set(statuses) <= {200, 409}, results
    # Commitments landed on both sides of the close.
    assert statuses[200] > 0, statuses
    assert statuses[409] > 0, statuses
    pool.refresh_from_db()
    assert pool.status == "closed"
    ordered = Commitment.objects.filter(pool=pool, status="ordered")
    # Every accepted commitment has its order; nothing accepted is left outside the close.
    assert ordered.count() == 1 + statuses[200]
    assert not Commitment.objects.filter(pool=pool, status="active").exists()
    assert Order.objects.filter(pool_id=pool.pk).count() == ordered.count()
    assert pool.final_quantity == 100 + 10 * statuses[200]
