import threading

import pytest
from django.db import connection

from orders.models import OrderEvent
from orders.settlement.models import LedgerTransaction, Settlement
from orders.settlement.services import order_settle
from tests.orders.settlement.factories import DeliveredOrderFactory


@pytest.mark.django_db(transaction=True)
def test_racing_threads_settle_an_order_once() -> None:
    order = DeliveredOrderFactory()
    barrier = threading.Barrier(4)
    results: list[int | None] = []
    errors: list[BaseException] = []

    def settle() -> None:
        try:
            barrier.wait()
            settlement = order_settle(order_id=order.pk)
            results.append(settlement.pk if settlement else None)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=settle) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert results[0] is not None
    assert Settlement.objects.filter(order=order).count() == 1
    assert LedgerTransaction.objects.filter(order=order).count() == 1
    assert OrderEvent.objects.filter(order=order, to_status="settled").count() == 1
