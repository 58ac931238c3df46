"""Fixtures for claims: a delivered order between the shared buyer and supplier, settled or not."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization
from orders.models import Order
from orders.settlement.models import LedgerEntry, LedgerTransaction
from orders.settlement.services import order_settle
from tests.orders.claims.factories import delivered_order


@pytest.fixture(autouse=True)
def _private_media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def order(buyer: Organization, supplier: Organization) -> Order:
    return delivered_order(buyer=buyer, supplier=supplier)


@pytest.fixture
def settled_order(order: Order) -> Order:
    order_settle(order_id=order.pk)
    order.refresh_from_db()
    return order


@pytest.fixture
def stranger_client(make_client: Callable[..., APIClient]) -> APIClient:
    from tests.factories import OrganizationFactory

    return make_client(OrganizationFactory(kind="buyer", status="verified"))


@pytest.fixture
def file_claim(buyer_client: APIClient) -> Callable[..., dict]:
    """file_claim(order, requested="20.00", quantity=2, kind="quality") → the 201 body."""

    def _file(order: Order, requested: str = "20.00", quantity: int = 2, kind: str = "quality") -> dict:
        line = order.lines.order_by("pk").first()
        response = buyer_client.post(
            f"/api/v1/orders/{order.pk}/claims/",
            {
                "kind": kind,
                "lines": [{"order_line": line.pk, "quantity": quantity}],
                "description": "Rusty raceways",
                "requested_amount": requested,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        return response.json()

    return _file


def assert_ledger_balanced() -> None:
    """Every transaction, and so the whole ledger, has equal debits and credits."""
    for txn in LedgerTransaction.objects.prefetch_related("entries"):
        entries = list(txn.entries.all())
        assert sum(e.debit for e in entries) == sum(e.credit for e in entries), txn.memo
    totals = LedgerEntry.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"]


def balance(account: str, organization_id: int | None = None) -> Decimal:
    """Credit − debit of an account (for one organisation when given)."""
    entries = LedgerEntry.objects.filter(account=account)
    if organization_id is not None:
        entries = entries.filter(organization_id=organization_id)
    totals = entries.aggregate(d=Sum("debit"), c=Sum("credit"))
    return (totals["c"] or Decimal(0)) - (totals["d"] or Decimal(0))
