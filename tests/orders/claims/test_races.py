"""Races on PostgreSQL with threads: one open claim per order, one refund per claim, release vs. filing."""

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.claims.models import Claim
from orders.claims.services import ClaimLineSpec, claim_escalate, claim_file, claim_resolve, claim_respond
from orders.models import Order
from orders.settlement.models import Refund, Settlement
from orders.settlement.services import order_settle
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.claims.conftest import assert_ledger_balanced
from tests.orders.claims.factories import delivered_order

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 4


def race(work: Callable[[int], Any], n: int = THREADS) -> tuple[list[Any], list[BaseException]]:
    """Run work(i) in n threads released together; each closes its own connection."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            results.append(work(index))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def parties() -> dict[str, Any]:
    buyer = OrganizationFactory(kind="buyer")
    supplier = OrganizationFactory(kind="supplier")
    order = delivered_order(buyer=buyer, supplier=supplier)
    order_settle(order_id=order.pk)
    return {
        "order": Order.objects.get(pk=order.pk),
        "buyer_users": [UserFactory(organization=buyer) for _ in range(THREADS)],
        "supplier_user": UserFactory(organization=supplier),
        "staff": [UserFactory(organization=None, is_staff=True) for _ in range(THREADS)],
    }


def _file(order: Order, actor: Any, amount: str = "10.00") -> Claim:
    return claim_file(
        order=order,
        actor=actor,
        kind="damaged",
        lines=[ClaimLineSpec(order_line_id=order.lines.order_by("pk").first().pk, quantity=1)],
        description="Dented shields",
        requested_amount=Decimal(amount),
    )


def test_racing_filings_leave_one_open_claim(parties: dict[str, Any]) -> None:
    order = parties["order"]
    results, errors = race(lambda i: _file(order, parties["buyer_users"][i]).pk)
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert {getattr(exc, "code", repr(exc)) for exc in errors} == {"claim_already_open"}
    assert Claim.objects.filter(order=order).count() == 1


def test_racing_filings_through_the_api_leave_one_open_claim(parties: dict[str, Any]) -> None:
    order = parties["order"]
    line = order.lines.order_by("pk").first()

    def post(index: int) -> int:
        client = APIClient()
        client.force_authenticate(parties["buyer_users"][index])
        body = {"kind": "quality", "lines": [{"order_line": line.pk, "quantity": 1}], "requested_amount": "5.00"}
        return client.post(f"/api/v1/orders/{order.pk}/claims/", body, format="json").status_code

    statuses, errors = race(post)
    assert errors == []
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    assert Claim.objects.filter(order=order).count() == 1


def test_two_staff_resolving_at_once_refund_once(parties: dict[str, Any]) -> None:
    order = parties["order"]
    claim = _file(order, parties["buyer_users"][0], amount="11.30")
    claim_respond(claim_id=claim.pk, actor=parties["supplier_user"], action="reject")
    claim_escalate(claim_id=claim.pk, actor=parties["buyer_users"][0])
    results, errors = race(
        lambda i: claim_resolve(claim_id=claim.pk, actor=parties["staff"][i], refund_amount=Decimal("11.30")).pk
    )
    assert results == [claim.pk]
    assert {getattr(exc, "code", type(exc).__name__) for exc in errors} == {"illegal_transition"}
    assert Refund.objects.filter(claim_id=claim.pk).count() == 1
    assert Settlement.objects.get(order=order).refunded_amount == Decimal("11.30")
    assert_ledger_balanced()


def test_supplier_accepting_while_buyer_withdraws_ends_the_claim_once(parties: dict[str, Any]) -> None:
    order = parties["order"]
    claim = _file(order, parties["buyer_users"][0])

    def move(index: int) -> str:
        if index % 2:
            return claim_withdraw_(claim.pk, parties["buyer_users"][0]).status
        return claim_respond(claim_id=claim.pk, actor=parties["supplier_user"], action="accept").status

    results, errors = race(move, n=2)
    assert len(results) == 1
    assert len(errors) == 1
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.events.count() == 2
    assert Refund.objects.filter(claim_id=claim.pk).count() == (1 if stored.status == "resolved" else 0)
    assert_ledger_balanced()


def claim_withdraw_(claim_id: int, actor: Any) -> Claim:
    from orders.claims.services import claim_withdraw

    return claim_withdraw(claim_id=claim_id, actor=actor)


def test_a_filing_and_the_release_at_release_at_never_both_win(parties: dict[str, Any]) -> None:
    """Around release_at either the claim is filed and the payout stays held, or the payout is released
    and the claim refused: the settlement's row lock orders the two."""
    import time
    from datetime import timedelta

    from django.utils import timezone

    from orders.settlement.escrow import payout_release

    order = parties["order"]
    settlement = Settlement.objects.get(order=order)
    release_at = timezone.now() + timedelta(milliseconds=400)
    Settlement.objects.filter(pk=settlement.pk).update(release_at=release_at)

    def move(index: int) -> str:
        time.sleep(max(0.0, (release_at - timezone.now()).total_seconds()) + (0.001 if index else 0))
        if index:
            return payout_release(settlement_id=settlement.pk).payout_status
        return _file(order, parties["buyer_users"][0]).status

    results, errors = race(move, n=2)
    settlement.refresh_from_db()
    claims = Claim.objects.filter(order=order).count()
    if claims:
        assert settlement.payout_status == "held"
    else:
        assert [getattr(exc, "code", repr(exc)) for exc in errors] == ["claim_window_closed"]
    if settlement.payout_status == "released":
        assert claims == 0
    assert_ledger_balanced()
    assert len(results) + len(errors) == 2
