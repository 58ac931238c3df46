"""Escrow and claims through real workers: a release killed mid-task, duplicate enqueues, and the whole
claim flow end to end through the API."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone
from kombu import pools
from rest_framework.test import APIClient

from marketplace.celery import app as celery_app
from orders.notifications.models import OutboxEvent
from orders.settlement.models import LedgerTransaction, Refund, Settlement
from orders.settlement.services import order_settle
from orders.settlement.tasks import payout_release, payouts_release_due
from tests.factories import OrganizationFactory, UserFactory
from tests.integration.conftest import Worker, settlement_delay, use_broker, wait_until
from tests.orders.claims.conftest import assert_ledger_balanced, balance
from tests.orders.claims.factories import delivered_order
from tests.orders.factories import ListingFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def publish_to(url: str) -> None:
    """use_broker, and forget the producer pools that eager calls made for the same URL: with
    REDIS_URL and TEST_WORKER_REDIS_DB on one database, kombu would hand back a closed pool."""
    use_broker(url)
    pools.reset()
    celery_app.amqp._producer_pool = None


def settlement_is_locked(settlement_id: int) -> bool:
    try:
        with transaction.atomic():
            Settlement.objects.select_for_update(nowait=True).get(pk=settlement_id)
    except DatabaseError:
        return True
    return False


def due_settlement() -> Settlement:
    """A settled order whose claim window has passed, its payout still held."""
    order = delivered_order(buyer=OrganizationFactory(kind="buyer"), supplier=OrganizationFactory(kind="supplier"))
    settlement = order_settle(order_id=order.pk)
    Settlement.objects.filter(pk=settlement.pk).update(release_at=timezone.now() - timedelta(seconds=1))
    return Settlement.objects.get(pk=settlement.pk)


def released_once(settlement: Settlement) -> None:
    settlement.refresh_from_db()
    assert settlement.payout_status == "released"
    releases = LedgerTransaction.objects.filter(settlement=settlement, memo__startswith="Payout release")
    assert releases.count() == 1
    assert OutboxEvent.objects.filter(type="payout.released", data__id=settlement.pk).count() == 1
    assert balance("supplier_payable", settlement.order.supplier_id) == 0
    assert_ledger_balanced()


def test_worker_killed_mid_release_releases_exactly_once_after_restart(
    start_worker: Callable[..., Worker], worker_broker: str
) -> None:
    settlement = due_settlement()
    doomed = start_worker(worker_broker, "doomed", **settlement_delay(30))
    publish_to(worker_broker)
    payout_release.delay(settlement.pk)
    assert wait_until(lambda: settlement_is_locked(settlement.pk), 10), doomed.log.read_text()[-2000:]
    doomed.kill()
    settlement.refresh_from_db()
    assert settlement.payout_status == "held"
    assert not LedgerTransaction.objects.filter(memo__startswith="Payout release").exists()

    survivor = start_worker(worker_broker, "survivor")
    # The unacknowledged message comes back once its visibility timeout (6 s here) passes.
    assert wait_until(lambda: Settlement.objects.get(pk=settlement.pk).payout_status == "released", 30), (
        survivor.log.read_text()[-3000:]
    )
    released_once(settlement)


def test_duplicate_enqueues_on_two_workers_release_each_payout_once(
    start_worker: Callable[..., Worker], worker_broker: str
) -> None:
    settlements = [due_settlement() for _ in range(3)]
    start_worker(worker_broker, "left", **settlement_delay(0.3))
    start_worker(worker_broker, "right", **settlement_delay(0.3))
    publish_to(worker_broker)
    for settlement in settlements:
        for _copy in range(4):
            payout_release.delay(settlement.pk)
    payouts_release_due.delay()
    payouts_release_due.delay()
    assert wait_until(lambda: Settlement.objects.filter(payout_status="released").count() == len(settlements), 30)
    for settlement in settlements:
        released_once(settlement)


def test_claim_flow_end_to_end_with_a_real_worker(start_worker: Callable[..., Worker], worker_broker: str) -> None:
    supplier = OrganizationFactory(kind="supplier")
    buyer = OrganizationFactory(kind="buyer")
    listing = ListingFactory(supplier=supplier, quantity_on_hand=50, breaks=[(1, "113.00")])
    clients = {}
    for name, org in (("buyer", buyer), ("supplier", supplier)):
        clients[name] = APIClient()
        clients[name].force_authenticate(UserFactory(organization=org))
    # The worker settles with a claim window of 0.004 h (14.4 s) and releases at its end.
    worker = start_worker(worker_broker, "escrow", MARKETPLACE_CLAIM_WINDOW_HOURS="0.004")
    publish_to(worker_broker)

    order = clients["buyer"].post(
        "/api/v1/orders/", {"lines": [{"listing": listing.pk, "quantity": 10}]}, format="json"
    )
    assert order.status_code == 201, order.json()
    order_id = order.json()["id"]
    assert clients["supplier"].post(f"/api/v1/orders/{order_id}/confirm/").status_code == 200
    shipped = clients["supplier"].post(f"/api/v1/orders/{order_id}/ship/", {"tracking_number": "SF123"}, format="json")
    assert shipped.status_code == 200
    assert clients["buyer"].post(f"/api/v1/orders/{order_id}/deliver/").status_code == 200

    def order_body() -> dict:
        return clients["buyer"].get(f"/api/v1/orders/{order_id}/").json()

    assert wait_until(lambda: order_body()["status"] == "settled", 20), worker.log.read_text()[-3000:]
    settlement = order_body()["settlement"]
    assert (settlement["payout_status"], settlement["refunded_amount"], settlement["payout_amount"]) == (
        "held",
        "0.00",
        "1113.05",
    )

    line_id = order_body()["lines"][0]["id"]
    claim = clients["buyer"].post(
        f"/api/v1/orders/{order_id}/claims/",
        {
            "kind": "quantity_short",
            "lines": [{"order_line": line_id, "quantity": 2}],
            "description": "Two bearings missing from the carton",
            "requested_amount": "226.00",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="claim-e2e-1",
    )
    assert claim.status_code == 201, claim.json()
    claim_id = claim.json()["id"]
    offer = clients["supplier"].post(
        f"/api/v1/claims/{claim_id}/respond/", {"action": "offer", "amount": "113.00"}, format="json"
    )
    assert offer.json()["status"] == "offered"
    accepted = clients["buyer"].post(f"/api/v1/claims/{claim_id}/accept-offer/")
    assert (accepted.json()["status"], accepted.json()["refund_amount"]) == ("resolved", "113.00")
    refund = Refund.objects.get(claim_id=claim_id)
    # 16.95 × 113 / 1130 = 1.695 → 1.70; 130 × 113 / 1130 = 13.00
    assert (refund.commission_reversed, refund.vat_reversed, refund.payout_reduction) == (
        Decimal("1.70"),
        Decimal("13.00"),
        Decimal("111.30"),
    )
    assert_ledger_balanced()
    assert order_body()["settlement"]["payout_status"] == "held"

    assert wait_until(lambda: order_body()["settlement"]["payout_status"] == "released", 40), worker.log.read_text()[
        -3000:
    ]
    stored = Settlement.objects.get(order_id=order_id)
    assert stored.released_amount == Decimal("1113.05") - Decimal("111.30")
    released_once(stored)
    assert wait_until(lambda: not OutboxEvent.objects.filter(status="pending").exists(), 20)
    supplier_types = set(OutboxEvent.objects.filter(organization=supplier).values_list("type", flat=True))
    assert {"claim.opened", "claim.updated", "claim.resolved", "payout.released"} <= supplier_types
    buyer_types = set(OutboxEvent.objects.filter(organization=buyer).values_list("type", flat=True))
    assert {"claim.opened", "claim.updated", "claim.resolved"} <= buyer_types
    assert "payout.released" not in buyer_types
