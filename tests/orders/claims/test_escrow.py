"""Escrow: the payout is held until release_at, released exactly once, and held while a claim is open."""

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from orders.claims.models import Claim
from orders.claims.tasks import claims_escalate_overdue
from orders.models import Order
from orders.notifications.models import OutboxEvent
from orders.settlement.escrow import payout_release, payouts_release_due
from orders.settlement.models import LedgerTransaction, Settlement
from orders.settlement.services import order_settle
from orders.settlement.tasks import payouts_release_due as payouts_release_due_task
from tests.orders.claims.conftest import assert_ledger_balanced, balance
from tests.orders.claims.factories import delivered_order

pytestmark = pytest.mark.django_db


def window_passed(order: Order) -> Settlement:
    Settlement.objects.filter(order=order).update(release_at=timezone.now() - timedelta(seconds=1))
    return Settlement.objects.get(order=order)


def test_settlement_is_held_until_delivery_plus_the_window(order: Order, settings: object) -> None:
    settings.MARKETPLACE_CLAIM_WINDOW_HOURS = Decimal("0.5")
    settlement = order_settle(order_id=order.pk)
    assert settlement.payout_status == "held"
    assert settlement.release_at == order.delivered_at + timedelta(minutes=30)
    assert (settlement.refunded_amount, settlement.released_at) == (Decimal("0.00"), None)


def test_settling_queues_the_release_for_release_at(order: Order, django_capture_on_commit_callbacks: Callable) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        settlement = order_settle(order_id=order.pk)
    # Run eagerly in tests, the queued release finds its time has not come and leaves the payout held.
    assert any(getattr(cb, "args", None) == ([(settlement.pk, settlement.release_at)],) for cb in callbacks)
    settlement.refresh_from_db()
    assert settlement.payout_status == "held"


def test_release_before_release_at_does_nothing(settled_order: Order) -> None:
    settlement = Settlement.objects.get(order=settled_order)
    assert payout_release(settlement_id=settlement.pk).payout_status == "held"
    assert LedgerTransaction.objects.count() == 1


def test_release_after_release_at_books_once_and_tells_the_supplier(settled_order: Order) -> None:
    settlement = window_passed(settled_order)
    released = payout_release(settlement_id=settlement.pk)
    assert (released.payout_status, released.released_amount) == ("released", Decimal("1113.05"))
    again = payout_release(settlement_id=settlement.pk)
    assert again.released_at == released.released_at
    assert LedgerTransaction.objects.filter(memo__startswith="Payout release").count() == 1
    assert_ledger_balanced()
    assert balance("supplier_payable", settled_order.supplier_id) == 0
    assert balance("supplier_released", settled_order.supplier_id) == Decimal("1113.05")
    event = OutboxEvent.objects.get(type="payout.released")
    assert event.organization_id == settled_order.supplier_id
    assert event.data["released_amount"] == "1113.05"


def test_an_open_claim_holds_the_release_until_it_ends(
    buyer_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    claim = file_claim(settled_order)
    settlement = window_passed(settled_order)
    assert payout_release(settlement_id=settlement.pk).payout_status == "held"
    assert payouts_release_due() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert buyer_client.post(f"/api/v1/claims/{claim['id']}/withdraw/").status_code == 200
    settlement.refresh_from_db()
    assert settlement.payout_status == "released"
    assert_ledger_balanced()


def test_release_after_a_refund_pays_out_the_rest(
    supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order, requested="22.60")
    supplier_client.post(f"/api/v1/claims/{claim['id']}/respond/", {"action": "accept"})
    settlement = window_passed(settled_order)
    released = payout_release(settlement_id=settlement.pk)
    assert released.released_amount == Decimal("1113.05") - Decimal("22.26")
    assert_ledger_balanced()
    assert balance("supplier_payable", settled_order.supplier_id) == 0


def test_the_sweep_releases_every_due_payout_once(buyer: object, supplier: object) -> None:
    orders = [delivered_order(buyer=buyer, supplier=supplier) for _ in range(3)]
    for order in orders:
        order_settle(order_id=order.pk)
    window_passed(orders[0])
    window_passed(orders[1])
    assert payouts_release_due_task.delay().get() == 2
    assert payouts_release_due_task.delay().get() == 0
    statuses = dict(Settlement.objects.values_list("order_id", "payout_status"))
    assert statuses == {orders[0].pk: "released", orders[1].pk: "released", orders[2].pk: "held"}
    assert_ledger_balanced()


def test_a_released_payout_closes_the_claim_window(buyer_client: APIClient, settled_order: Order) -> None:
    settlement = window_passed(settled_order)
    payout_release(settlement_id=settlement.pk)
    Settlement.objects.filter(pk=settlement.pk).update(release_at=timezone.now() + timedelta(hours=1))
    line = settled_order.lines.first()
    response = buyer_client.post(
        f"/api/v1/orders/{settled_order.pk}/claims/",
        {"kind": "quality", "lines": [{"order_line": line.pk, "quantity": 1}], "requested_amount": "1.00"},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (409, "claim_window_closed")


def test_open_claims_past_respond_by_are_escalated_by_the_task(
    settled_order: Order, file_claim: Callable, settings: object
) -> None:
    settings.MARKETPLACE_CLAIM_RESPONSE_HOURS = Decimal("0.5")
    overdue = file_claim(settled_order)
    Claim.objects.filter(pk=overdue["id"]).update(respond_by=timezone.now() - timedelta(seconds=1))
    assert claims_escalate_overdue.delay().get() == 1
    assert claims_escalate_overdue.delay().get() == 0
    claim = Claim.objects.get(pk=overdue["id"])
    assert claim.status == "escalated"
    event = claim.events.last()
    assert (event.from_status, event.to_status, event.actor_label) == ("open", "escalated", "system")
    assert OutboxEvent.objects.filter(type="claim.updated", data__status="escalated").count() == 2


def test_open_claims_before_respond_by_are_left_alone(settled_order: Order, file_claim: Callable) -> None:
    file_claim(settled_order)
    assert claims_escalate_overdue.delay().get() == 0


def test_statement_shows_held_released_and_refunded(
    supplier_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order, requested="22.60")
    supplier_client.post(f"/api/v1/claims/{claim['id']}/respond/", {"action": "accept"})
    response = supplier_client.get("/api/v1/settlements/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert (cells["payout_status"], cells["refunded_amount"], cells["held_amount"], cells["released_amount"]) == (
        "held",
        "22.60",
        "1090.79",
        "0.00",
    )
    payout_release(settlement_id=window_passed(settled_order).pk)
    rows = list(csv.reader(io.StringIO(supplier_client.get("/api/v1/settlements/?format=csv").content.decode())))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert (cells["payout_status"], cells["held_amount"], cells["released_amount"]) == ("released", "0.00", "1090.79")


def test_a_distant_release_is_queued_in_hops_shorter_than_the_visibility_timeout(settings: object) -> None:
    from orders.settlement.escrow import release_eta

    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 3600}
    now = timezone.now()
    far = release_eta(now + timedelta(hours=168))
    assert timedelta(minutes=29) < far - now <= timedelta(minutes=30, seconds=1)
    near = now + timedelta(minutes=10)
    assert release_eta(near) == near


def _due_settlements(buyer: object, supplier: object, count: int) -> list[Settlement]:
    orders = [delivered_order(buyer=buyer, supplier=supplier) for _ in range(count)]
    for order in orders:
        order_settle(order_id=order.pk)
    return [window_passed(order) for order in orders]


def test_the_sweep_passes_over_claimed_payouts_to_the_next(
    buyer: object, supplier: object, file_claim: Callable
) -> None:
    from orders.settlement.escrow import payouts_release_batch

    first, second = _due_settlements(buyer, supplier, 2)
    # The first payout is the most overdue, and a claim (filed while its window was open) holds it.
    Settlement.objects.filter(pk=first.pk).update(release_at=timezone.now() + timedelta(hours=1))
    file_claim(first.order)
    Settlement.objects.filter(pk=first.pk).update(release_at=timezone.now() - timedelta(hours=1))
    assert payouts_release_batch(limit=1) == [second.pk]
    assert payouts_release_batch(limit=1) == []
    assert Settlement.objects.get(pk=first.pk).payout_status == "held"
    assert_ledger_balanced()


def test_the_sweep_costs_the_same_statements_for_5_or_20_payouts(
    buyer: object, supplier: object, django_assert_max_num_queries: Callable
) -> None:
    from orders.settlement.escrow import payouts_release_batch

    _due_settlements(buyer, supplier, 5)
    with django_assert_max_num_queries(9):
        assert len(payouts_release_batch(limit=500)) == 5
    _due_settlements(buyer, supplier, 20)
    with django_assert_max_num_queries(9):
        assert len(payouts_release_batch(limit=500)) == 20
    assert LedgerTransaction.objects.filter(memo__startswith="Payout release").count() == 25
    assert OutboxEvent.objects.filter(type="payout.released").count() == 25
    assert_ledger_balanced()
