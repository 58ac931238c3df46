"""Mass assignment: fields a client may not set (owner, status, ids, reservations, parsed
attributes, money totals, secrets, staff flags) are ignored or refused on every writable
endpoint; they never change what they should not."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import Listing, ListingImport
from marketplace.organizations.models import Organization, User
from marketplace.rfqs.models import Quote, Rfq
from orders.models import Order
from orders.notifications.models import Notification, WebhookEndpoint
from tests.factories import credit_code
from tests.security.world import World

pytestmark = pytest.mark.django_db

HOSTILE_ID = 987_654_321


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _hostile(world: World) -> dict[str, Any]:
    """Fields an attacker adds to any body: other owners, states, ids and computed values."""
    other = world.b.supplier.pk
    return {
        "id": HOSTILE_ID,
        "supplier": other,
        "supplier_id": other,
        "buyer": world.b.buyer.pk,
        "buyer_id": world.b.buyer.pk,
        "organization": other,
        "organization_id": other,
        "status": "settled",
        "quantity_reserved": 777,
        "quantity_on_hand": 999_999,
        "base_designation": "22220",
        "canonical": "22220 CA",
        "recognized": False,
        "currency": "USD",
        "total": "0.01",
        "unit_price": "0.01",
        "line_total": "0.01",
        "secret": "whsec_attacker",
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "number": "YD-FAKE",
        "revision": 99,
        "created_at": "2000-01-01T00:00:00Z",
        "submitted_at": "2000-01-01T00:00:00Z",
        "read_at": "2000-01-01T00:00:00Z",
    }


def _listing(sku: str, **extra: Any) -> dict[str, Any]:
    return {
        "sku": sku,
        "brand": "SKF",
        "designation": "6205-2RS C3",
        "quantity_available": 10,
        "price_breaks": [{"min_quantity": 1, "unit_price": "12.50"}],
        **extra,
    }


def _assert_clean_listing(listing: Listing, world: World) -> None:
    assert listing.supplier_id == world.a.supplier.pk
    assert listing.pk != HOSTILE_ID
    assert listing.quantity_reserved == 0
    assert listing.base_designation == "6205"
    assert listing.recognized is True
    assert listing.currency == "CNY"
    assert listing.is_active is True


def test_listing_create_ignores_owner_reservation_and_parsed_fields(world: World) -> None:
    response = _client(world.a.supplier_user).post(
        "/api/v1/listings/", _listing("MA-1", **_hostile(world)), format="json"
    )
    assert response.status_code in {201, 400}, response.content
    if response.status_code == 201:
        _assert_clean_listing(Listing.objects.get(pk=response.json()["id"]), world)
    assert not Listing.objects.filter(pk=HOSTILE_ID).exists()
    assert not Listing.objects.filter(supplier=world.b.supplier, sku="MA-1").exists()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_listing_update_keeps_owner_reservation_and_parsed_fields(world: World, method: str) -> None:
    listing_id = world.a.ids["listing"]
    before = Listing.objects.get(pk=listing_id)
    body = _listing(before.sku, **_hostile(world)) if method == "put" else _hostile(world)
    response = getattr(_client(world.a.supplier_user), method)(f"/api/v1/listings/{listing_id}/", body, format="json")
    assert response.status_code in {200, 400}, response.content
    after = Listing.objects.get(pk=listing_id)
    assert after.supplier_id == world.a.supplier.pk
    assert after.quantity_reserved == before.quantity_reserved
    assert after.base_designation == before.base_designation
    assert after.recognized == before.recognized
    assert after.currency == "CNY"
    assert not Listing.objects.filter(pk=HOSTILE_ID).exists()


def test_bulk_upsert_cannot_write_into_another_suppliers_catalog(world: World) -> None:
    theirs_before = model_to_dict(Listing.objects.get(pk=world.b.ids["listing"]))
    other_sku = theirs_before["sku"]
    items = [_listing(other_sku, **_hostile(world)), _listing("MA-BULK", **_hostile(world))]
    response = _client(world.a.supplier_user).post("/api/v1/listings/bulk/", {"listings": items}, format="json")
    assert response.status_code in {200, 400}, response.content
    assert model_to_dict(Listing.objects.get(pk=world.b.ids["listing"])) == theirs_before
    for listing in Listing.objects.filter(sku__in=[other_sku, "MA-BULK"], supplier=world.a.supplier):
        _assert_clean_listing(listing, world)


def test_import_upload_belongs_to_the_uploader(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("s.csv", b"sku,brand,designation,quantity_available,unit_price\nMA-I,SKF,6205,1,2\n")
    body = {"file": upload, "supplier": world.b.supplier.pk, "status": "done", "created": 1000}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _client(world.a.supplier_user).post("/api/v1/listing-imports/", body, format="multipart")
    assert response.status_code == 202, response.content
    listing_import = ListingImport.objects.get(pk=response.json()["id"])
    assert listing_import.supplier_id == world.a.supplier.pk
    assert listing_import.created <= 1


def test_rfq_create_ignores_buyer_status_and_parsed_line_fields(world: World) -> None:
    hostile = _hostile(world)
    line = {"designation": "6205-2RS C3", "quantity": 3, **hostile, "unit_price": "0.01"}
    body = {"title": "MA", "lines": [line], **hostile}
    response = _client(world.a.buyer_user).post("/api/v1/rfqs/", body, format="json")
    assert response.status_code == 201, response.content
    rfq = Rfq.objects.get(pk=response.json()["id"])
    assert rfq.buyer_id == world.a.buyer.pk
    assert rfq.status == "open"
    assert rfq.pk != HOSTILE_ID
    rfq_line = rfq.lines.get()
    assert rfq_line.base_designation == "6205"
    assert rfq_line.recognized is True


def test_quote_submit_ignores_supplier_status_and_revision(world: World) -> None:
    hostile = _hostile(world)
    body = {
        "valid_until": str(timezone.localdate() + timedelta(days=5)),
        "lines": [
            {
                "rfq_line": world.a.ids["rfq_line"],
                "brand": "SKF",
                "designation": "6205-2RS C3",
                "quantity": 10,
                "unit_price": "11.00",
                **{k: v for k, v in hostile.items() if k not in {"unit_price"}},
            }
        ],
        **hostile,
    }
    response = _client(world.b.supplier_user).post(f"/api/v1/rfqs/{world.a.ids['rfq']}/quotes/", body, format="json")
    assert response.status_code == 201, response.content
    quote = Quote.objects.get(pk=response.json()["id"])
    assert quote.supplier_id == world.b.supplier.pk
    assert quote.status == "submitted"
    assert quote.revision == 1
    assert quote.lines.get().unit_price == Decimal("11.00")
    assert Quote.objects.get(pk=world.a.ids["quote"]).supplier_id == world.a.supplier.pk


def test_order_create_prices_from_the_listing_not_the_body(world: World) -> None:
    hostile = _hostile(world)
    line = {"listing": world.a.ids["listing"], "quantity": 4, **{k: v for k, v in hostile.items() if k != "id"}}
    response = _client(world.a.buyer_user).post("/api/v1/orders/", {"lines": [line], **hostile}, format="json")
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["id"])
    assert order.buyer_id == world.a.buyer.pk
    assert order.supplier_id == world.a.supplier.pk
    assert order.status == "placed"
    assert order.number != "YD-FAKE"
    order_line = order.lines.get()
    assert order_line.unit_price == Decimal("12.50")
    assert order_line.quantity == 4
    assert order_line.quantity_reserved == 4
    assert order.total == Decimal("50.00")


@pytest.mark.parametrize(
    ("actor", "action", "body", "expected_status"),
    [
        ("supplier", "confirm", {}, "confirmed"),
        ("buyer", "cancel", {"reason": "changed plans"}, "cancelled"),
    ],
)
def test_order_actions_apply_only_their_own_transition(
    world: World, actor: str, action: str, body: dict[str, Any], expected_status: str
) -> None:
    user = world.a.supplier_user if actor == "supplier" else world.a.buyer_user
    order_id = world.a.ids["open_order"]
    before = Order.objects.get(pk=order_id)
    response = _client(user).post(f"/api/v1/orders/{order_id}/{action}/", {**body, **_hostile(world)}, format="json")
    assert response.status_code == 200, response.content
    after = Order.objects.get(pk=order_id)
    assert after.status == expected_status
    assert (after.buyer_id, after.supplier_id, after.total, after.number) == (
        before.buyer_id,
        before.supplier_id,
        before.total,
        before.number,
    )


def test_ship_sets_only_the_tracking_number(world: World) -> None:
    order_id = world.a.ids["open_order"]
    client = _client(world.a.supplier_user)
    assert client.post(f"/api/v1/orders/{order_id}/confirm/", {}, format="json").status_code == 200
    response = client.post(
        f"/api/v1/orders/{order_id}/ship/", {"tracking_number": "SF123", **_hostile(world)}, format="json"
    )
    assert response.status_code == 200, response.content
    order = Order.objects.get(pk=order_id)
    assert (order.status, order.tracking_number, order.total) == ("shipped", "SF123", order.lines.get().line_total)


def test_webhook_create_issues_its_own_secret_for_the_callers_organisation(world: World, settings: Any) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True  # loopback URL: nothing leaves the machine
    body = {"url": "http://127.0.0.1:9/ma", "events": ["order.placed"], **_hostile(world)}
    response = _client(world.a.supplier_user).post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 201, response.content
    endpoint = WebhookEndpoint.objects.get(pk=response.json()["id"])
    assert endpoint.organization_id == world.a.supplier.pk
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret != "whsec_attacker"
    assert endpoint.is_active is True
    assert response.json()["secret"] == endpoint.secret


def test_register_cannot_create_staff_or_a_verified_organisation(world: World, api_client: APIClient) -> None:
    body = {
        "username": "mallory",
        "password": "Bearings-2026!",
        "email": "mallory@example.com",
        "is_staff": True,
        "is_superuser": True,
        "organization": {
            "name": "Mallory Trading",
            "kind": "supplier",
            "credit_code": credit_code(777_777),
            "city": "Linqing",
            "status": "verified",
            "id": world.a.supplier.pk,
            "commission_rate": "0",
        },
    }
    response = api_client.post("/api/v1/auth/register/", body, format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(username="mallory")
    assert not user.is_staff
    assert not user.is_superuser
    assert user.organization_id != world.a.supplier.pk
    assert user.organization.status == "pending"
    assert Organization.objects.get(pk=world.a.supplier.pk).name == world.a.supplier.name


def test_notification_read_marks_only_read_at(world: World) -> None:
    notification_id = world.a.ids["supplier_notification"]
    response = _client(world.a.supplier_user).post(
        f"/api/v1/notifications/{notification_id}/read/", _hostile(world), format="json"
    )
    assert response.status_code == 200, response.content
    notification = Notification.objects.get(pk=notification_id)
    assert notification.organization_id == world.a.supplier.pk
    assert notification.read_at is not None
    assert notification.read_at.year > 2000


def test_decline_records_the_callers_supplier_only(world: World) -> None:
    response = _client(world.b.supplier_user).post(
        f"/api/v1/rfqs/{world.a.ids['rfq']}/decline/", {"reason": "no stock", **_hostile(world)}, format="json"
    )
    assert response.status_code == 200, response.content
    rfq = Rfq.objects.get(pk=world.a.ids["rfq"])
    assert rfq.status == "open"
    assert rfq.buyer_id == world.a.buyer.pk


def test_award_prices_come_from_the_quote_not_the_body(world: World) -> None:
    body = {
        "awards": [
            {
                "rfq_line": world.a.ids["rfq_line"],
                "quantity": 10,
                "quote_line": world.a.ids["quote_line"],
                "unit_price": "0.01",
                "supplier": world.b.supplier.pk,
            }
        ],
        "status": "cancelled",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _client(world.a.buyer_user).post(f"/api/v1/rfqs/{world.a.ids['rfq']}/award/", body, format="json")
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["orders"][0]["id"])
    assert order.supplier_id == world.a.supplier.pk
    assert order.lines.get().unit_price == Decimal("12.00")
    assert Rfq.objects.get(pk=world.a.ids["rfq"]).status == "awarded"


# v1.1: pools, capabilities, custom requests, drawings, custom quotes and awards.


def _v11_hostile(world: World) -> dict[str, Any]:
    """The v1.1 objects' own computed and owner fields, on top of the v1 set."""
    return {
        **_hostile(world),
        "owner": world.b.supplier.pk,
        "owner_id": world.b.supplier.pk,
        "total_committed": 99_999,
        "participants": 42,
        "final_unit_price": "0.01",
        "final_quantity": 99_999,
        "current_tier": {"min_total_quantity": 1, "unit_price": "0.01"},
        "commitments": [{"buyer": world.b.buyer.pk, "quantity": 1}],
        "my_commitment": {"quantity": 1},
        "request": world.b.ids["custom_request"],
        "awarded_at": "2000-01-01T00:00:00Z",
        "cancelled_at": "2000-01-01T00:00:00Z",
        "size": 1,
        "sha256": "0" * 64,
        "kind": "dwg",
        "order": world.b.ids["order"],
    }


def _pool_body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "MA pool",
        "item": {"kind": "bearing", "brand": "SKF", "designation": "6206-2RS"},
        "unit": "piece",
        "tiers": [{"min_total_quantity": 100, "unit_price": "10.00"}],
        "min_commitment": 10,
        "closes_at": (timezone.now() + timedelta(days=60)).isoformat(),
        "delivery_city": "Linqing",
        "lead_time_days": 7,
        **extra,
    }


def test_pool_create_ignores_owner_status_and_totals(world: World) -> None:
    from marketplace.pools.models import Pool

    hostile = _v11_hostile(world)
    hostile.pop("kind")  # a pool's item kind is the item's, checked on its own
    response = _client(world.a.supplier_user).post("/api/v1/pools/", _pool_body(**hostile), format="json")
    assert response.status_code == 201, response.content
    pool = Pool.objects.get(pk=response.json()["id"])
    assert pool.pk != HOSTILE_ID
    assert pool.owner_id == world.a.supplier.pk
    assert pool.status == "open"
    assert (pool.total_committed, pool.participants) == (0, 0)
    assert pool.final_unit_price is None
    assert pool.final_quantity is None
    assert response.json()["total_committed"] == 0


def test_pool_commit_records_the_callers_commitment_only(world: World) -> None:
    from marketplace.pools.models import Commitment, Pool

    pool_id = world.a.ids["pool"]
    before = Pool.objects.get(pk=pool_id)
    body = {"quantity": 60, **_v11_hostile(world)}
    response = _client(world.a.buyer_user).post(f"/api/v1/pools/{pool_id}/commit/", body, format="json")
    assert response.status_code == 200, response.content
    pool = Pool.objects.get(pk=pool_id)
    assert (pool.owner_id, pool.status, pool.final_unit_price) == (before.owner_id, "open", None)
    assert pool.total_committed == 60
    assert pool.participants == 1
    commitment = Commitment.objects.get(pk=world.a.ids["commitment"])
    assert (commitment.buyer_id, commitment.quantity, commitment.status) == (world.a.buyer.pk, 60, "active")
    assert commitment.order_id is None
    assert not Commitment.objects.filter(pool_id=pool_id, buyer=world.b.buyer).exists()


def test_capabilities_put_writes_the_callers_own_only(world: World) -> None:
    from marketplace.custom.models import Capability

    theirs = model_to_dict(Capability.objects.get(supplier=world.b.supplier))
    body = {
        "bearing_types": ["tapered_roller"],
        "bore_min_mm": "40",
        "bore_max_mm": "90",
        "outer_diameter_max_mm": "200",
        "monthly_capacity": 10,
        "sample_lead_days": 5,
        **_v11_hostile(world),
    }
    response = _client(world.a.supplier_user).put("/api/v1/capabilities/", body, format="json")
    assert response.status_code == 200, response.content
    mine = Capability.objects.get(supplier=world.a.supplier)
    assert (mine.bore_min_mm, mine.monthly_capacity) == (Decimal(40), 10)
    assert model_to_dict(Capability.objects.get(supplier=world.b.supplier)) == theirs


def _custom_request_body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "MA custom",
        "bearing_type": "tapered_roller",
        "bore_mm": "110",
        "outer_diameter_mm": "180",
        "width_mm": "38",
        "quantity": 300,
        "application": "Gearbox",
        "deadline": (timezone.now() + timedelta(days=10)).isoformat(),
        **extra,
    }


def test_custom_request_create_ignores_buyer_status_and_stamps(world: World) -> None:
    from marketplace.custom.models import CustomRequest

    hostile = _v11_hostile(world)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _client(world.a.buyer_user).post(
            "/api/v1/custom-requests/", _custom_request_body(**hostile), format="json"
        )
    assert response.status_code == 201, response.content
    request = CustomRequest.objects.get(pk=response.json()["id"])
    assert request.pk != HOSTILE_ID
    assert request.buyer_id == world.a.buyer.pk
    assert request.status == "open"
    assert (request.awarded_at, request.cancelled_at, request.closed_at) == (None, None, None)
    assert request.created_at.year > 2000


def test_drawing_upload_size_and_kind_come_from_the_file(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from marketplace.custom.models import Drawing
    from tests.security.world import PDF

    request_id = world.a.ids["custom_request"]
    upload = SimpleUploadedFile("../../etc/passwd.dwg", PDF, content_type="image/vnd.dwg")
    body = {"file": upload, **{k: v for k, v in _v11_hostile(world).items() if not isinstance(v, (dict, list))}}
    response = _client(world.a.buyer_user).post(
        f"/api/v1/custom-requests/{request_id}/drawings/", body, format="multipart"
    )
    assert response.status_code == 201, response.content
    drawing = Drawing.objects.get(pk=response.json()["id"])
    assert drawing.request_id == request_id
    assert (drawing.kind, drawing.size) == ("pdf", len(PDF))
    assert drawing.sha256 != "0" * 64
    assert drawing.uploaded_by_id == world.a.buyer_user.pk
    assert "/" not in drawing.filename
    assert ".." not in drawing.file.name


def test_custom_quote_submit_ignores_supplier_status_and_revision(world: World) -> None:
    from marketplace.custom.models import CustomQuote

    body = {
        "unit_price": "250.00",
        "tooling_cost": "0",
        "sample_quantity": 2,
        "sample_lead_days": 10,
        "production_lead_days": 30,
        "moq": 100,
        "valid_until": str(timezone.localdate() + timedelta(days=20)),
        **{k: v for k, v in _v11_hostile(world).items() if k not in {"unit_price"}},
    }
    response = _client(world.a.supplier_user).post(
        f"/api/v1/custom-requests/{world.a.ids['custom_request']}/quotes/", body, format="json"
    )
    assert response.status_code == 201, response.content
    quote = CustomQuote.objects.get(pk=response.json()["id"])
    assert quote.pk == world.a.ids["custom_quote"]  # posting again revises the same quote
    assert quote.supplier_id == world.a.supplier.pk
    assert quote.request_id == world.a.ids["custom_request"]
    assert quote.status == "submitted"
    assert quote.revision == 2
    assert quote.unit_price == Decimal("250.00")


def test_custom_award_prices_come_from_the_quote_not_the_body(world: World) -> None:
    from marketplace.custom.models import CustomRequest

    body = {"quote": world.a.ids["custom_quote"], "quantity": 300, **_v11_hostile(world), "status": "cancelled"}
    body["quote"] = world.a.ids["custom_quote"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _client(world.a.buyer_user).post(
            f"/api/v1/custom-requests/{world.a.ids['custom_request']}/award/", body, format="json"
        )
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["order"]["id"])
    assert (order.buyer_id, order.supplier_id, order.status) == (world.a.buyer.pk, world.a.supplier.pk, "placed")
    prices = sorted(order.lines.values_list("quantity", "unit_price"))
    assert prices == [(1, Decimal("12000.00")), (300, Decimal("298.50"))]
    assert order.total == Decimal("300") * Decimal("298.50") + Decimal("12000.00")
    assert CustomRequest.objects.get(pk=world.a.ids["custom_request"]).status == "awarded"


def test_custom_request_cancel_sets_only_cancelled(world: World) -> None:
    from marketplace.custom.models import CustomRequest

    request_id = world.a.ids["custom_request"]
    body = {"reason": "budget", **_v11_hostile(world), "status": "awarded"}
    response = _client(world.a.buyer_user).post(f"/api/v1/custom-requests/{request_id}/cancel/", body, format="json")
    assert response.status_code == 200, response.content
    request = CustomRequest.objects.get(pk=request_id)
    assert (request.status, request.buyer_id, request.awarded_at) == ("cancelled", world.a.buyer.pk, None)


def test_award_plan_creates_nothing_whatever_the_body_says(world: World) -> None:
    rfq_id = world.a.ids["rfq"]
    orders_before = Order.objects.count()
    body = {"source": "quotes", **_v11_hostile(world), "status": "awarded", "awards": [{"rfq_line": 1}]}
    response = _client(world.a.buyer_user).post(f"/api/v1/rfqs/{rfq_id}/award-plan/", body, format="json")
    assert response.status_code == 200, response.content
    assert Order.objects.count() == orders_before
    assert Rfq.objects.get(pk=rfq_id).status == "open"
    plan = response.json()
    assert plan["status"] in {"optimal", "infeasible"}
    assert {a["quote_line"] for a in plan["awards"]} <= {world.a.ids["quote_line"]}


# Claims: status, refunds, deadlines and the order are the services' to set.


def _claim_hostile(world: World) -> dict[str, Any]:
    return {
        **_v11_hostile(world),
        "status": "resolved",
        "refund_amount": "999.00",
        "offered_amount": "999.00",
        "respond_by": "2000-01-01T00:00:00Z",
        "resolved_at": "2000-01-01T00:00:00Z",
        "filed_by": world.b.buyer_user.pk,
        "order": world.b.ids["order"],
    }


def test_claim_file_ignores_status_refund_deadline_and_order(world: World) -> None:
    from orders.claims.models import Claim

    client = _client(world.a.buyer_user)
    assert client.post(f"/api/v1/claims/{world.a.ids['claim']}/withdraw/", {}, format="json").status_code == 200
    line = Order.objects.get(pk=world.a.ids["order"]).lines.get()
    body = {
        "kind": "damaged",
        "lines": [{"order_line": line.pk, "quantity": 1, "unit_price": "999.00", "order": world.b.ids["order"]}],
        "requested_amount": "3.00",
        **{k: v for k, v in _claim_hostile(world).items() if k != "kind"},
    }
    response = client.post(f"/api/v1/orders/{world.a.ids['order']}/claims/", body, format="json")
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.pk != HOSTILE_ID
    assert claim.order_id == world.a.ids["order"]
    assert claim.status == "open"
    assert (claim.refund_amount, claim.offered_amount, claim.resolved_at) == (None, None, None)
    assert claim.requested_amount == Decimal("3.00")
    assert claim.respond_by > timezone.now()
    assert claim.filed_by_id == world.a.buyer_user.pk


def test_claim_moves_set_only_their_own_status_and_amounts(world: World) -> None:
    from orders.claims.models import Claim

    claim_id = world.a.ids["claim"]
    hostile = _claim_hostile(world)
    offer = {"action": "offer", "amount": "2.00", "note": "half", **{k: v for k, v in hostile.items() if k != "kind"}}
    response = _client(world.a.supplier_user).post(f"/api/v1/claims/{claim_id}/respond/", offer, format="json")
    assert response.status_code == 200, response.content
    claim = Claim.objects.get(pk=claim_id)
    assert (claim.status, claim.offered_amount, claim.refund_amount) == ("offered", Decimal("2.00"), None)
    assert claim.order_id == world.a.ids["order"]

    escalate = _client(world.a.buyer_user).post(f"/api/v1/claims/{claim_id}/escalate/", hostile, format="json")
    assert escalate.status_code == 200, escalate.content
    assert Claim.objects.get(pk=claim_id).status == "escalated"

    resolve = {"refund_amount": "1.00", "note": "split", **{k: v for k, v in hostile.items() if k != "refund_amount"}}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _client(world.staff).post(f"/api/v1/claims/{claim_id}/resolve/", resolve, format="json")
    assert response.status_code == 200, response.content
    claim = Claim.objects.get(pk=claim_id)
    assert (claim.status, claim.refund_amount, claim.order_id) == ("resolved", Decimal("1.00"), world.a.ids["order"])
    assert claim.resolved_at is not None
    assert claim.resolved_at.year > 2000


def test_claim_evidence_type_and_size_come_from_the_file(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders.claims.models import ClaimEvidence
    from tests.security.world import PDF

    upload = SimpleUploadedFile("../../x.jpg", PDF, content_type="image/jpeg")
    body = {"file": upload, "size": 1, "content_type": "image/jpeg", "claim": world.b.ids["claim"]}
    response = _client(world.a.supplier_user).post(
        f"/api/v1/claims/{world.a.ids['claim']}/evidence/", body, format="multipart"
    )
    assert response.status_code == 201, response.content
    evidence = ClaimEvidence.objects.get(pk=response.json()["id"])
    assert (evidence.claim_id, evidence.size, evidence.content_type) == (
        world.a.ids["claim"],
        len(PDF),
        "application/pdf",
    )
    assert "/" not in evidence.filename
    assert ".." not in evidence.file.name


# Brand authorisations: the supplier uploads, only staff decide.


def test_brand_authorization_upload_is_pending_and_the_callers(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catalog.models import BrandAuthorization
    from tests.security.world import PDF

    letter = SimpleUploadedFile("../letter.pdf", PDF, content_type="application/pdf")
    body = {
        "brand": "FAG",
        "valid_until": str(timezone.localdate() + timedelta(days=30)),
        "document": letter,
        "status": "verified",
        "supplier": world.b.supplier.pk,
        "document_size": 1,
        "document_content_type": "text/html",
        "decided_at": "2000-01-01T00:00:00Z",
    }
    response = _client(world.a.supplier_user).post("/api/v1/brand-authorizations/", body, format="multipart")
    assert response.status_code == 201, response.content
    authorization = BrandAuthorization.objects.get(pk=response.json()["id"])
    assert authorization.supplier_id == world.a.supplier.pk
    assert authorization.status == "pending"
    assert authorization.decided_at is None
    assert (authorization.document_size, authorization.document_content_type) == (len(PDF), "application/pdf")
    assert ".." not in authorization.document.name


def test_brand_authorization_verify_sets_only_verified(world: World) -> None:
    from catalog.models import BrandAuthorization

    pk = world.a.ids["brand_authorization"]
    before = BrandAuthorization.objects.get(pk=pk)
    body = {"reason": "checked", "status": "rejected", "supplier": world.b.supplier.pk, "valid_until": "2999-01-01"}
    response = _client(world.staff).post(f"/api/v1/brand-authorizations/{pk}/verify/", body, format="json")
    assert response.status_code == 200, response.content
    after = BrandAuthorization.objects.get(pk=pk)
    assert after.status == "verified"
    assert (after.supplier_id, after.valid_until, after.brand_id) == (
        before.supplier_id,
        before.valid_until,
        before.brand_id,
    )


def test_robot_webhook_keeps_its_signing_secret_private_and_the_callers(world: World, settings: Any) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True  # loopback URL: nothing leaves the machine
    robot_secret = "SEC" + "9" * 40
    body = {
        "url": "http://127.0.0.1:9/robot/send?access_token=x",
        "events": ["order.placed"],
        "format": "dingtalk",
        **_hostile(world),
        "secret": robot_secret,
    }
    client = _client(world.a.buyer_user)
    response = client.post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 201, response.content
    endpoint = WebhookEndpoint.objects.get(pk=response.json()["id"])
    assert endpoint.organization_id == world.a.buyer.pk
    assert endpoint.is_active is True
    assert robot_secret not in client.get(f"/api/v1/webhooks/{endpoint.pk}/").content.decode()
    assert robot_secret not in client.get("/api/v1/webhooks/").content.decode()
    assert robot_secret not in _client(world.b.buyer_user).get("/api/v1/webhooks/").content.decode()
