"""The claims admin: overdue first, filters, evidence and events inline, resolution through the service."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from orders.claims.models import Claim
from orders.models import Order
from orders.settlement.models import Refund
from tests.factories import UserFactory
from tests.orders.claims.conftest import assert_ledger_balanced
from tests.orders.claims.factories import delivered_order

pytestmark = pytest.mark.django_db
URL = "/admin/claims/claim/"


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    return client


def test_overdue_claims_come_first_and_filters_work(
    admin_client_: Client, buyer: object, supplier: object, file_claim: Callable
) -> None:
    orders = [delivered_order(buyer=buyer, supplier=supplier) for _ in range(2)]
    fresh, overdue = (file_claim(order) for order in orders)
    Claim.objects.filter(pk=overdue["id"]).update(respond_by=timezone.now() - timedelta(hours=1))
    response = admin_client_.get(URL)
    assert response.status_code == 200
    ids = [claim.pk for claim in response.context["cl"].result_list]
    assert ids == [overdue["id"], fresh["id"]]
    assert admin_client_.get(URL, {"status__exact": "open", "kind__exact": "quality"}).status_code == 200
    filtered = admin_client_.get(URL, {"overdue": "yes"}).context["cl"].result_list
    assert [claim.pk for claim in filtered] == [overdue["id"]]


def test_change_page_shows_evidence_and_events(
    admin_client_: Client, buyer_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    claim = file_claim(settled_order)
    buyer_client.post(
        f"/api/v1/claims/{claim['id']}/evidence/",
        {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)},
        format="multipart",
    )
    page = admin_client_.get(f"{URL}{claim['id']}/change/").content.decode()
    assert "photo.png" in page
    assert f"/api/v1/claims/{claim['id']}/evidence/" in page


def test_admin_action_resolves_through_the_service(
    admin_client_: Client,
    buyer_client: APIClient,
    supplier_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
) -> None:
    claim = file_claim(settled_order, requested="10.00")
    supplier_client.post(f"/api/v1/claims/{claim['id']}/respond/", {"action": "reject"})
    buyer_client.post(f"/api/v1/claims/{claim['id']}/escalate/")
    response = admin_client_.post(
        URL, {"action": "resolve_with_requested_refund", "_selected_action": [claim["id"]]}, follow=True
    )
    assert response.status_code == 200
    stored = Claim.objects.get(pk=claim["id"])
    assert (stored.status, str(stored.refund_amount)) == ("resolved", "10.00")
    assert stored.events.last().actor_label == response.wsgi_request.user.username
    assert Refund.objects.get(claim_id=stored.pk).amount == stored.refund_amount
    assert_ledger_balanced()


def test_admin_action_leaves_claims_not_escalated_alone(
    admin_client_: Client, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order)
    admin_client_.post(URL, {"action": "resolve_without_refund", "_selected_action": [claim["id"]]}, follow=True)
    assert Claim.objects.get(pk=claim["id"]).status == "open"


def test_settlement_admin_shows_payout_status(admin_client_: Client, settled_order: Order) -> None:
    page = admin_client_.get("/admin/settlement/settlement/").content.decode()
    assert "Held" in page
