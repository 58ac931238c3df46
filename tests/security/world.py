"""A small market of two tenants, built through the public API as clients would build it.

Tenant "a" and tenant "b" each have a verified supplier and a verified buyer with a
listing, a spreadsheet import, an RFQ with a line, a quote, a settled order and an open
order (with their audit events), notifications, a webhook and a webhook delivery; and,
since v1.1, a pool of the supplier's with the buyer's commitment, and a custom request of
the buyer's with a drawing, to which only the tenant's own supplier is invited (it
accepted the NDA, downloaded the drawing and quoted), an open claim of the buyer's on its
delivered order with evidence, and a pending brand authorisation of the supplier's. A
pending supplier has a listing nobody else may see. Used by the isolation matrix (inside a test transaction) and by the
schema fuzzer's seed (committed). Drawings go to MEDIA_ROOT: point it at a scratch
directory first.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization, User
from orders.notifications.events import EventType
from orders.notifications.models import Notification, OutboxEvent, WebhookDelivery, WebhookEndpoint
from orders.notifications.signing import webhook_secret_generate
from orders.settlement.models import Settlement
from tests.factories import OrganizationFactory, UserFactory

# Loopback on the discard port: with MARKETPLACE_WEBHOOK_ALLOW_PRIVATE=0 a delivery is
# refused before any connection is made, and the outbound guard refuses it anyway.
WEBHOOK_URL = "http://127.0.0.1:9/hooks/yandian"
CSV = (
    "sku,brand,designation,quantity_available,unit_price\n"
    "{label}-IMP-1,NSK,6206DDU,40,15.20\n"
    "{label}-IMP-2,FAG,6207-2RSR-C3,25,22.00\n"
)


class WorldBuildError(AssertionError):
    """An API call the world needs did not succeed."""


@dataclass
class Tenant:
    label: str
    supplier: Organization
    buyer: Organization
    supplier_user: User
    buyer_user: User
    ids: dict[str, int] = field(default_factory=dict)


@dataclass
class World:
    a: Tenant
    b: Tenant
    staff: User
    pending_supplier_user: User
    ids: dict[str, int] = field(default_factory=dict)

    def tokens(self) -> dict[str, str]:
        """API tokens of every user, keyed by role name."""
        users = {
            "supplier": self.a.supplier_user,
            "buyer": self.a.buyer_user,
            "other_supplier": self.b.supplier_user,
            "other_buyer": self.b.buyer_user,
            "staff": self.staff,
            "pending_supplier": self.pending_supplier_user,
        }
        return {role: Token.objects.get_or_create(user=user)[0].key for role, user in users.items()}


def api(user: User, method: str, path: str, data: Any = None, *, multipart: bool = False, expect: int = 200) -> Any:
    """Call the API as `user`; run the on-commit side effects (tasks run eagerly) after it."""
    client = APIClient()
    client.force_authenticate(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = getattr(client, method.lower())(path, data, format="multipart" if multipart else "json")
    if response.status_code != expect:
        raise WorldBuildError(f"{method} {path} -> {response.status_code}: {response.content[:500]!r}")
    return response.json() if response.content else None


def _listing_body(sku: str, designation: str, brand: str = "SKF", quantity: int = 1000) -> dict[str, Any]:
    return {
        "sku": sku,
        "brand": brand,
        "designation": designation,
        "quantity_available": quantity,
        "moq": 1,
        "lead_time_days": 2,
        "price_breaks": [{"min_quantity": 1, "unit_price": "12.50"}, {"min_quantity": 100, "unit_price": "11.00"}],
        "warehouse_city": "Linqing",
    }


def _webhook(organization: Organization) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        organization=organization, url=WEBHOOK_URL, events=list(EventType.values), secret=webhook_secret_generate()
    )


def build_tenant(label: str) -> Tenant:
    supplier = OrganizationFactory(kind="supplier", status="verified", name=f"Supplier {label}")
    buyer = OrganizationFactory(kind="buyer", status="verified", name=f"Buyer {label}")
    tenant = Tenant(
        label=label,
        supplier=supplier,
        buyer=buyer,
        supplier_user=UserFactory(organization=supplier, username=f"supplier_{label}"),
        buyer_user=UserFactory(organization=buyer, username=f"buyer_{label}"),
    )
    ids = tenant.ids
    ids["supplier_org"], ids["buyer_org"] = supplier.pk, buyer.pk
    ids["supplier_webhook"] = _webhook(supplier).pk
    ids["buyer_webhook"] = _webhook(buyer).pk
    s, b = tenant.supplier_user, tenant.buyer_user

    for key, sku, designation in (("listing", "6205", "6205-2RS C3"), ("listing_2", "22220", "22220 CA/W33")):
        ids[key] = api(s, "POST", "/api/v1/listings/", _listing_body(f"{label}-{sku}", designation), expect=201)["id"]
    upload = _csv_upload(label)
    ids["import"] = api(s, "POST", "/api/v1/listing-imports/", {"file": upload}, multipart=True, expect=202)["id"]

    rfq = api(
        b,
        "POST",
        "/api/v1/rfqs/",
        {
            "title": f"Bearings for line {label}",
            "delivery_city": "Jinan",
            "lines": [
                {"designation": "SKF 6205-2RS C3", "quantity": 10, "target_unit_price": "10.00"},
                {"designation": "22220 CA/W33", "quantity": 4, "target_unit_price": "300.00"},
            ],
        },
        expect=201,
    )
    ids["rfq"], ids["rfq_line"] = rfq["id"], rfq["lines"][0]["id"]
    quote = api(
        s,
        "POST",
        f"/api/v1/rfqs/{ids['rfq']}/quotes/",
        {
            "valid_until": str(timezone.localdate() + timedelta(days=10)),
            "note": "From Linqing stock",
            "lines": [
                {
                    "rfq_line": ids["rfq_line"],
                    "brand": "SKF",
                    "designation": "6205-2RS C3",
                    "quantity": 10,
                    "unit_price": "12.00",
                    "lead_time_days": 3,
                }
            ],
        },
        expect=201,
    )
    ids["quote"], ids["quote_line"] = quote["id"], quote["lines"][0]["id"]

    order = api(b, "POST", "/api/v1/orders/", {"lines": [{"listing": ids["listing"], "quantity": 5}]}, expect=201)
    ids["order"] = order["id"]
    api(s, "POST", f"/api/v1/orders/{ids['order']}/confirm/")
    api(s, "POST", f"/api/v1/orders/{ids['order']}/ship/", {"tracking_number": f"SF{label}0001"})
    api(b, "POST", f"/api/v1/orders/{ids['order']}/deliver/")
    ids["open_order"] = api(
        b, "POST", "/api/v1/orders/", {"lines": [{"listing": ids["listing_2"], "quantity": 2}]}, expect=201
    )["id"]

    _pool(tenant)
    _custom_request(tenant)

    ids["settlement"] = _settlement(ids["order"])
    _claim(tenant)
    _brand_authorization(tenant)
    ids["supplier_notification"] = _notification(supplier, ids["order"])
    ids["buyer_notification"] = _notification(buyer, ids["order"])
    ids["delivery"] = _delivery(ids["supplier_webhook"], supplier, ids["order"])
    return tenant


# Each tenant's supplier makes (and each tenant's buyer asks for) a different bearing type,
# so no supplier is invited to the other tenant's custom request.
CUSTOM_TYPES = {"a": "tapered_roller", "b": "spherical_roller"}
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def _pool(tenant: Tenant) -> None:
    body = {
        "title": f"6205-2RS pool {tenant.label}",
        "item": {"kind": "bearing", "brand": "SKF", "designation": "6205-2RS"},
        "unit": "piece",
        "tiers": [
            {"min_total_quantity": 100, "unit_price": "10.00"},
            {"min_total_quantity": 500, "unit_price": "9.00"},
        ],
        "min_commitment": 10,
        "max_total_quantity": 10_000,
        # Far beyond the closing horizon: no closing task is queued, the pool stays open.
        "closes_at": (timezone.now() + timedelta(days=60)).isoformat(),
        "delivery_city": "Linqing",
        "lead_time_days": 7,
    }
    pool = api(tenant.supplier_user, "POST", "/api/v1/pools/", body, expect=201)
    tenant.ids["pool"] = pool["id"]
    api(tenant.buyer_user, "POST", f"/api/v1/pools/{pool['id']}/commit/", {"quantity": 40, "max_unit_price": "11.00"})
    from marketplace.pools.models import Commitment

    tenant.ids["commitment"] = Commitment.objects.get(pool_id=pool["id"], buyer=tenant.buyer).pk


def _custom_request(tenant: Tenant) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    s, b, ids = tenant.supplier_user, tenant.buyer_user, tenant.ids
    bearing_type = CUSTOM_TYPES[tenant.label]
    capabilities = {
        "bearing_types": [bearing_type],
        "bore_min_mm": "50",
        "bore_max_mm": "200",
        "outer_diameter_max_mm": "300",
        "precision_classes": ["P0", "P6", "P5"],
        "materials": ["GCr15", "G20CrNi2Mo"],
        "processes": ["turning", "grinding", "heat_treatment"],
        "certifications": ["ISO9001", "IATF16949"],
        "monthly_capacity": 5000,
        "sample_lead_days": 20,
    }
    api(s, "PUT", "/api/v1/capabilities/", capabilities)
    request = {
        "title": f"Gearbox output bearing {tenant.label}",
        "bearing_type": bearing_type,
        "bore_mm": "110",
        "outer_diameter_mm": "180",
        "width_mm": "38",
        "precision": "P6",
        "material": "G20CrNi2Mo",
        "processes": ["heat_treatment", "grinding"],
        "certifications": ["IATF16949"],
        "quantity": 500,
        "target_unit_price": "320.00",
        "application": "Wind gearbox output shaft",
        "deadline": (timezone.now() + timedelta(days=30)).isoformat(),
    }
    ids["custom_request"] = api(b, "POST", "/api/v1/custom-requests/", request, expect=201)["id"]
    base = f"/api/v1/custom-requests/{ids['custom_request']}"
    drawing = SimpleUploadedFile(f"ring-{tenant.label}.pdf", PDF, content_type="application/pdf")
    ids["drawing"] = api(b, "POST", f"{base}/drawings/", {"file": drawing}, multipart=True, expect=201)["id"]
    api(s, "POST", f"{base}/accept-nda/")
    client = APIClient()
    client.force_authenticate(s)
    download = client.get(f"{base}/drawings/{ids['drawing']}/")
    if download.status_code != 200:
        raise WorldBuildError(f"GET {base}/drawings/{ids['drawing']}/ -> {download.status_code}")
    # Read to the end through the test client's wrapper, which closes the response without
    # closing the test transaction's connection (a bare close() would).
    if b"".join(download.streaming_content) != PDF:
        raise WorldBuildError("the downloaded drawing differs from the uploaded one")
    quote = {
        "unit_price": "298.50",
        "tooling_cost": "12000.00",
        "sample_quantity": 4,
        "sample_lead_days": 25,
        "production_lead_days": 45,
        "moq": 200,
        "valid_until": str(timezone.localdate() + timedelta(days=30)),
    }
    ids["custom_quote"] = api(s, "POST", f"{base}/quotes/", quote, expect=201)["id"]


def _claim(tenant: Tenant) -> None:
    """The buyer's open claim on its delivered order, with one PDF of evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders.models import OrderLine

    ids = tenant.ids
    line = OrderLine.objects.filter(order_id=ids["order"]).order_by("pk").first()
    body = {
        "kind": "quality",
        "lines": [{"order_line": line.pk, "quantity": 1}],
        "description": "Noisy on the test rig",
        "requested_amount": "5.00",
    }
    ids["claim"] = api(tenant.buyer_user, "POST", f"/api/v1/orders/{ids['order']}/claims/", body, expect=201)["id"]
    photo = SimpleUploadedFile(f"noise-{tenant.label}.pdf", PDF, content_type="application/pdf")
    ids["evidence"] = api(
        tenant.buyer_user,
        "POST",
        f"/api/v1/claims/{ids['claim']}/evidence/",
        {"file": photo, "note": "rig report"},
        multipart=True,
        expect=201,
    )["id"]


def _brand_authorization(tenant: Tenant) -> None:
    """A pending authorisation letter of the supplier's for SKF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    letter = SimpleUploadedFile(f"skf-{tenant.label}.pdf", PDF, content_type="application/pdf")
    body = {"brand": "SKF", "valid_until": str(timezone.localdate() + timedelta(days=365)), "document": letter}
    tenant.ids["brand_authorization"] = api(
        tenant.supplier_user, "POST", "/api/v1/brand-authorizations/", body, multipart=True, expect=201
    )["id"]


def _csv_upload(label: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{label}.csv", CSV.format(label=label).encode(), content_type="text/csv")


def _settlement(order_id: int) -> int:
    settlement = Settlement.objects.filter(order_id=order_id).first()
    if settlement is None:  # the worker runs it; run it here if the eager chain did not
        from orders.settlement.services import order_settle

        settlement = order_settle(order_id=order_id)
    return settlement.pk


def _notification(organization: Organization, order_id: int) -> int:
    existing = Notification.objects.filter(organization=organization).order_by("pk").first()
    if existing is not None:
        return existing.pk
    return Notification.objects.create(organization=organization, type=EventType.ORDER_PLACED, data={"id": order_id}).pk


def _delivery(endpoint_id: int, organization: Organization, order_id: int) -> int:
    existing = WebhookDelivery.objects.filter(endpoint_id=endpoint_id).order_by("pk").first()
    if existing is not None:
        return existing.pk
    event = OutboxEvent.objects.create(type=EventType.ORDER_PLACED, organization=organization, data={"id": order_id})
    return WebhookDelivery.objects.create(
        endpoint_id=endpoint_id,
        event=event,
        message_id=f"msg_{event.pk}",
        event_type=event.type,
        payload={"type": event.type, "data": event.data},
        status=WebhookDelivery.Status.FAILED,
        error="refused",
    ).pk


def build_world() -> World:
    """Two tenants, staff, and a pending supplier with a listing."""
    pending = OrganizationFactory(kind="supplier", status="pending", name="Pending supplier")
    world = World(
        a=build_tenant("a"),
        b=build_tenant("b"),
        staff=UserFactory(organization=None, username="staff", is_staff=True, is_superuser=True),
        pending_supplier_user=UserFactory(organization=pending, username="pending_supplier"),
    )
    world.ids["pending_org"] = pending.pk
    world.ids["pending_listing"] = api(
        world.pending_supplier_user, "POST", "/api/v1/listings/", _listing_body("p-6205", "6205-2RS C3"), expect=201
    )["id"]
    return world
