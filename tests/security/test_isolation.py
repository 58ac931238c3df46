"""Tenant isolation: another organisation never reaches tenant a's objects.

For every object type and every verb on its endpoints, the supplier and the buyer of
tenant b get 404 (the object's existence is not revealed) or, where a role rule applies
first, 403; never the object, never a 409 that would reveal its state, and the object
is unchanged afterwards. Lists never contain another organisation's objects, and quotes
are sealed: a supplier never sees another supplier's quote.
"""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from catalog.models import Listing, ListingImport
from marketplace.custom.models import CustomQuote, CustomRequest, Drawing
from marketplace.organizations.models import Organization, User
from marketplace.pools.models import Commitment, Pool
from marketplace.rfqs.models import Quote, Rfq
from orders.claims.models import Claim
from orders.models import Order
from orders.notifications.models import Notification, WebhookEndpoint
from tests.security.world import PDF, World

pytestmark = pytest.mark.django_db

HIDDEN = frozenset({404})
ROLE = frozenset({403, 404})
FOREIGN_REFERENCE = frozenset({400, 404})
ACTORS = ("other_supplier", "other_buyer")
OBJECT_TYPES = {
    "organisation",
    "listing",
    "import",
    "rfq",
    "rfq line",
    "quote",
    "order",
    "order events",
    "settlement",
    "claim",
    "claim events",
    "notification",
    "webhook",
    "delivery",
    "rfq events",
    "award plan",
    "pool",
    "commitment",
    "custom request",
    "drawing",
    "custom quote",
    "custom events",
}


@dataclass(frozen=True)
class Probe:
    object_type: str
    method: str
    path: str
    other_supplier: frozenset[int]
    other_buyer: frozenset[int]
    body: dict[str, Any] | None = None
    # The row that must be unchanged afterwards: (model, key of tenant a's ids).
    target: tuple[type, str] | None = None
    # The row stays unchanged even when the call itself is allowed (a public pool).
    always: bool = False
    multipart: bool = False


def _listing_body() -> dict[str, Any]:
    return {
        "sku": "stolen",
        "brand": "SKF",
        "designation": "6206-2RS",
        "quantity_available": 0,
        "price_breaks": [{"min_quantity": 1, "unit_price": "0.01"}],
    }


ORDER = (Order, "open_order")
CUSTOM = (CustomRequest, "custom_request")
CUSTOM_BASE = "/api/v1/custom-requests/{a[custom_request]}"
COMMITMENT = (Commitment, "commitment")
ALLOWED = frozenset({200})
PROBES = (
    Probe("organisation", "POST", "/api/v1/organizations/{a[buyer_org]}/verify/", ROLE, ROLE),
    Probe("listing", "GET", "/api/v1/listings/{pending_listing}/", HIDDEN, HIDDEN),
    Probe("listing", "PUT", "/api/v1/listings/{a[listing]}/", HIDDEN, ROLE, _listing_body(), (Listing, "listing")),
    Probe(
        "listing",
        "PATCH",
        "/api/v1/listings/{a[listing]}/",
        HIDDEN,
        ROLE,
        {"quantity_available": 0},
        (Listing, "listing"),
    ),
    Probe("listing", "DELETE", "/api/v1/listings/{a[listing]}/", HIDDEN, ROLE, None, (Listing, "listing")),
    Probe("import", "GET", "/api/v1/listing-imports/{a[import]}/", HIDDEN, ROLE, None, (ListingImport, "import")),
    Probe("rfq", "GET", "/api/v1/rfqs/{a[rfq]}/", frozenset({200}), HIDDEN),
    Probe("rfq", "GET", "/api/v1/rfqs/{a[rfq]}/matches/", ROLE, HIDDEN),
    Probe("rfq", "POST", "/api/v1/rfqs/{a[rfq]}/cancel/", ROLE, HIDDEN, {}, (Rfq, "rfq")),
    Probe("rfq", "GET", "/api/v1/rfqs/{a[rfq]}/quotes/comparison/", ROLE, HIDDEN),
    Probe("rfq", "POST", "/api/v1/rfqs/{a[rfq]}/decline/", frozenset({200}), ROLE, {"reason": "busy"}, (Rfq, "rfq")),
    Probe(
        "rfq",
        "POST",
        "/api/v1/rfqs/{a[rfq]}/award/",
        ROLE,
        HIDDEN,
        {"awards": [{"rfq_line": "{a[rfq_line]}", "quantity": 1, "quote_line": "{a[quote_line]}"}]},
        (Rfq, "rfq"),
    ),
    Probe("quote", "GET", "/api/v1/rfqs/{a[rfq]}/quotes/", frozenset({200}), HIDDEN),
    Probe(
        "quote",
        "POST",
        "/api/v1/rfqs/{a[rfq]}/quotes/",
        frozenset({201}),
        ROLE,
        {
            "valid_until": "2099-01-01",
            "lines": [
                {"rfq_line": "{a[rfq_line]}", "brand": "NSK", "designation": "6205", "quantity": 1, "unit_price": "1"}
            ],
        },
        (Quote, "quote"),
    ),
    Probe("quote", "GET", "/api/v1/rfqs/{a[rfq]}/quotes/{a[quote]}/", HIDDEN, HIDDEN),
    Probe("quote", "GET", "/api/v1/rfqs/{b[rfq]}/quotes/{a[quote]}/", HIDDEN, HIDDEN),
    # RFQ lines and quote lines are reached through their RFQ: naming tenant a's line
    # on tenant b's own RFQ must not work.
    Probe(
        "rfq line",
        "POST",
        "/api/v1/rfqs/{b[rfq]}/quotes/",
        FOREIGN_REFERENCE,
        ROLE,
        {
            "valid_until": "2099-01-01",
            "lines": [
                {"rfq_line": "{a[rfq_line]}", "brand": "NSK", "designation": "6205", "quantity": 1, "unit_price": "1"}
            ],
        },
    ),
    Probe(
        "rfq line",
        "POST",
        "/api/v1/rfqs/{b[rfq]}/award/",
        ROLE,
        FOREIGN_REFERENCE,
        {"awards": [{"rfq_line": "{a[rfq_line]}", "quantity": 1, "quote_line": "{a[quote_line]}"}]},
        (Rfq, "rfq"),
    ),
    Probe(
        "quote",
        "POST",
        "/api/v1/rfqs/{b[rfq]}/award/",
        ROLE,
        FOREIGN_REFERENCE,
        {"awards": [{"rfq_line": "{b[rfq_line]}", "quantity": 1, "quote_line": "{a[quote_line]}"}]},
        (Quote, "quote"),
    ),
    Probe(
        "listing",
        "POST",
        "/api/v1/orders/",
        ROLE,
        FOREIGN_REFERENCE,
        {"lines": [{"listing": "{pending_listing}", "quantity": 1}]},
    ),
    Probe("order", "GET", "/api/v1/orders/{a[order]}/", HIDDEN, HIDDEN),
    Probe("order", "GET", "/api/v1/orders/{a[open_order]}/", HIDDEN, HIDDEN),
    Probe("order", "POST", "/api/v1/orders/{a[open_order]}/confirm/", HIDDEN, ROLE, {}, ORDER),
    Probe("order", "POST", "/api/v1/orders/{a[open_order]}/ship/", HIDDEN, ROLE, {"tracking_number": "SF1"}, ORDER),
    Probe("order", "POST", "/api/v1/orders/{a[open_order]}/deliver/", ROLE, HIDDEN, {}, ORDER),
    Probe("order", "POST", "/api/v1/orders/{a[open_order]}/cancel/", HIDDEN, HIDDEN, {"reason": "x"}, ORDER),
    Probe("order", "POST", "/api/v1/orders/{a[order]}/cancel/", HIDDEN, HIDDEN, {"reason": "x"}, (Order, "order")),
    Probe("order events", "GET", "/api/v1/orders/{a[order]}/events/", HIDDEN, HIDDEN),
    Probe("order events", "GET", "/api/v1/orders/{a[open_order]}/events/", HIDDEN, HIDDEN),
    Probe(
        "notification",
        "POST",
        "/api/v1/notifications/{a[supplier_notification]}/read/",
        HIDDEN,
        HIDDEN,
        None,
        (Notification, "supplier_notification"),
    ),
    Probe(
        "notification",
        "POST",
        "/api/v1/notifications/{a[buyer_notification]}/read/",
        HIDDEN,
        HIDDEN,
        None,
        (Notification, "buyer_notification"),
    ),
    Probe("webhook", "GET", "/api/v1/webhooks/{a[supplier_webhook]}/", HIDDEN, HIDDEN),
    Probe(
        "webhook",
        "DELETE",
        "/api/v1/webhooks/{a[supplier_webhook]}/",
        HIDDEN,
        HIDDEN,
        None,
        (WebhookEndpoint, "supplier_webhook"),
    ),
    Probe(
        "webhook",
        "POST",
        "/api/v1/webhooks/{a[buyer_webhook]}/rotate-secret/",
        HIDDEN,
        HIDDEN,
        None,
        (WebhookEndpoint, "buyer_webhook"),
    ),
    Probe("delivery", "GET", "/api/v1/webhooks/{a[supplier_webhook]}/deliveries/", HIDDEN, HIDDEN),
    Probe("delivery", "GET", "/api/v1/webhooks/{a[buyer_webhook]}/deliveries/", HIDDEN, HIDDEN),
    # v1.1: RFQ audit trail and award plan (owner only).
    Probe("rfq events", "GET", "/api/v1/rfqs/{a[rfq]}/events/", ROLE, HIDDEN),
    Probe("award plan", "POST", "/api/v1/rfqs/{a[rfq]}/award-plan/", ROLE, HIDDEN, {}, (Rfq, "rfq")),
    Probe(
        "award plan",
        "POST",
        "/api/v1/rfqs/{a[rfq]}/award-plan/",
        ROLE,
        HIDDEN,
        {"source": "quotes", "max_suppliers": 1, "per_supplier_cost": "5.00"},
        (Quote, "quote"),
    ),
    # Pools are open to every verified member: another buyer may commit and withdraw its
    # own commitment, never touch tenant a's buyer's; a supplier may not commit at all.
    Probe("pool", "GET", "/api/v1/pools/{a[pool]}/", ALLOWED, ALLOWED),
    Probe("pool", "POST", "/api/v1/pools/{a[pool]}/commit/", ROLE, ALLOWED, {"quantity": 20}, (Pool, "pool")),
    Probe("commitment", "POST", "/api/v1/pools/{a[pool]}/commit/", ROLE, ALLOWED, {"quantity": 20}, COMMITMENT, True),
    Probe("commitment", "POST", "/api/v1/pools/{a[pool]}/withdraw/", ROLE, ALLOWED, None, COMMITMENT, True),
    # Custom requests: anyone not invited gets 404 for the whole request, whatever the verb.
    Probe("custom request", "GET", CUSTOM_BASE + "/", HIDDEN, HIDDEN),
    Probe("custom request", "GET", CUSTOM_BASE + "/capable-suppliers/", HIDDEN, HIDDEN),
    Probe("custom request", "GET", CUSTOM_BASE + "/access-log/", HIDDEN, HIDDEN),
    Probe("custom request", "POST", CUSTOM_BASE + "/accept-nda/", HIDDEN, HIDDEN, None, CUSTOM),
    Probe("custom request", "POST", CUSTOM_BASE + "/cancel/", HIDDEN, HIDDEN, {"reason": "x"}, CUSTOM),
    Probe(
        "custom request",
        "POST",
        CUSTOM_BASE + "/award/",
        HIDDEN,
        HIDDEN,
        {"quote": "{a[custom_quote]}", "quantity": 500},
        CUSTOM,
    ),
    Probe("custom events", "GET", CUSTOM_BASE + "/events/", HIDDEN, HIDDEN),
    Probe("drawing", "GET", CUSTOM_BASE + "/drawings/{a[drawing]}/", HIDDEN, HIDDEN),
    Probe(
        "drawing",
        "POST",
        CUSTOM_BASE + "/drawings/",
        HIDDEN,
        HIDDEN,
        {"file": "<pdf>"},
        (Drawing, "drawing"),
        multipart=True,
    ),
    # Tenant a's drawing through tenant b's own request (b's supplier accepted b's NDA).
    Probe("drawing", "GET", "/api/v1/custom-requests/{b[custom_request]}/drawings/{a[drawing]}/", HIDDEN, HIDDEN),
    Probe("custom quote", "GET", CUSTOM_BASE + "/quotes/", HIDDEN, HIDDEN),
    Probe(
        "custom quote",
        "POST",
        CUSTOM_BASE + "/quotes/",
        HIDDEN,
        HIDDEN,
        {
            "unit_price": "1.00",
            "tooling_cost": "0",
            "sample_quantity": 1,
            "sample_lead_days": 1,
            "production_lead_days": 1,
            "moq": 1,
            "valid_until": "2099-01-01",
        },
        (CustomQuote, "custom_quote"),
    ),
    # Tenant a's quote awarded on tenant b's own request.
    Probe(
        "custom quote",
        "POST",
        "/api/v1/custom-requests/{b[custom_request]}/award/",
        ROLE,
        FOREIGN_REFERENCE,
        {"quote": "{a[custom_quote]}", "quantity": 500},
        (CustomQuote, "custom_quote"),
    ),
)


def _claim_probes() -> tuple[Probe, ...]:
    """Claims: only the order's two parties (and staff) reach a claim; each move is one party's."""
    from orders.claims.models import ClaimEvidence

    claim, base = (Claim, "claim"), "/api/v1/claims/{a[claim]}"
    return (
        Probe(
            "claim",
            "POST",
            "/api/v1/orders/{a[order]}/claims/",
            ROLE,
            HIDDEN,
            {"kind": "quality", "lines": [], "requested_amount": "1.00"},
            (Order, "order"),
        ),
        Probe("claim", "GET", base + "/", HIDDEN, HIDDEN),
        Probe("claim events", "GET", base + "/events/", HIDDEN, HIDDEN),
        Probe("claim", "POST", base + "/respond/", HIDDEN, ROLE, {"action": "accept"}, claim),
        Probe("claim", "POST", base + "/respond/", HIDDEN, ROLE, {"action": "offer", "amount": "0.01"}, claim),
        Probe("claim", "POST", base + "/accept-offer/", ROLE, HIDDEN, {}, claim),
        Probe("claim", "POST", base + "/escalate/", ROLE, HIDDEN, {}, claim),
        Probe("claim", "POST", base + "/withdraw/", ROLE, HIDDEN, {}, claim),
        Probe("claim", "POST", base + "/resolve/", ROLE, ROLE, {"refund_amount": "5.00"}, claim),
        Probe("evidence", "GET", base + "/evidence/", HIDDEN, HIDDEN),
        Probe("evidence", "GET", base + "/evidence/{a[evidence]}/", HIDDEN, HIDDEN),
        Probe("evidence", "GET", "/api/v1/claims/{b[claim]}/evidence/{a[evidence]}/", HIDDEN, HIDDEN),
        Probe(
            "evidence",
            "POST",
            base + "/evidence/",
            HIDDEN,
            HIDDEN,
            {"file": "<pdf>", "note": "x"},
            (ClaimEvidence, "evidence"),
            multipart=True,
        ),
    )


def _brand_authorization_probes() -> tuple[Probe, ...]:
    """Brand authorisations: the supplier's own (404 to others); verify and reject are staff's (403)."""
    from catalog.models import BrandAuthorization

    target, base = (BrandAuthorization, "brand_authorization"), "/api/v1/brand-authorizations/{a[brand_authorization]}"
    return (
        Probe("brand authorisation", "GET", base + "/", HIDDEN, HIDDEN),
        Probe("brand authorisation", "GET", base + "/document/", HIDDEN, HIDDEN),
        Probe("brand authorisation", "POST", base + "/verify/", ROLE, ROLE, {"reason": "ok"}, target),
        Probe("brand authorisation", "POST", base + "/reject/", ROLE, ROLE, {"reason": "forged"}, target),
    )


PROBES += _claim_probes()
OBJECT_TYPES |= {"evidence"}
PROBES += _brand_authorization_probes()
OBJECT_TYPES |= {"brand authorisation"}

# Lists: (object type, path, key of the list field holding ids, tenant a's ids that must not appear).
LISTS = (
    ("listing", "/api/v1/listings/?page_size=200", ("pending_listing",)),
    ("listing", "/api/v1/listings/?supplier={pending_org}", ("pending_listing",)),
    ("listing", "/api/v1/listings/?q=6205&page_size=200", ("pending_listing",)),
    ("rfq", "/api/v1/rfqs/?page_size=200", ("rfq",)),
    ("order", "/api/v1/orders/?page_size=200", ("order", "open_order")),
    ("settlement", "/api/v1/settlements/?page_size=200", ("settlement",)),
    ("notification", "/api/v1/notifications/?page_size=200", ("supplier_notification", "buyer_notification")),
    ("webhook", "/api/v1/webhooks/?page_size=200", ("supplier_webhook", "buyer_webhook")),
    ("custom request", "/api/v1/custom-requests/?page_size=200", ("custom_request",)),
)
LISTS += (("claim", "/api/v1/claims/?page_size=200", ("claim",)),)
LISTS += (("brand authorisation", "/api/v1/brand-authorizations/?page_size=200", ("brand_authorization",)),)
MATRIX = [(probe, actor) for probe in PROBES for actor in ACTORS]
LIST_MATRIX = [(entry, actor) for entry in LISTS for actor in ACTORS]


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _actor(world: World, actor: str) -> User:
    return world.b.supplier_user if actor == "other_supplier" else world.b.buyer_user


def _fill(value: Any, world: World) -> Any:
    """Put the world's ids into a template; a string that is exactly one placeholder becomes an int."""
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    if value == "<pdf>":
        return SimpleUploadedFile("stolen.pdf", PDF, content_type="application/pdf")
    if isinstance(value, str) and "{" in value:
        text = value.format(a=world.a.ids, b=world.b.ids, **world.ids)
        return int(text) if text.isdigit() else text
    return value


def _snapshot(probe: Probe, world: World) -> dict[str, Any] | None:
    if probe.target is None:
        return None
    model, key = probe.target
    row = model.objects.filter(pk=world.a.ids.get(key) or world.ids.get(key)).first()
    return model_to_dict(row) if row is not None else None


def _probe_id(item: tuple[Probe, str]) -> str:
    probe, actor = item
    return f"{probe.object_type}:{probe.method} {probe.path}:{actor}"


# Routes on one object that are public to every verified member by design, so no other
# tenant is "foreign" to them: (method, schema path) -> why.
PUBLIC_OBJECT_ROUTES = {
    ("GET", "/api/v1/organizations/{id}/capabilities/"): "a supplier's capabilities are its public profile",
    ("GET", "/api/v1/organizations/{id}/scorecard/"): "a supplier's scorecard is public to verified members",
}


def _route_shape(path: str) -> str:
    """A path with every placeholder (`{id}`, `{a[rfq]}`, `{drawing_pk}`) as `{}`, query dropped."""
    return re.sub(r"\{[^{}]*(\[[^\]]*\])?\}", "{}", path.split("?", 1)[0])


def test_every_route_on_an_object_is_probed_by_the_matrix() -> None:
    """A new route that names an object by id must get matrix rows (or a reason it is public)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    probed = {(probe.method, _route_shape(probe.path)) for probe in PROBES}
    public = {(method, _route_shape(path)) for method, path in PUBLIC_OBJECT_ROUTES}
    missing = [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if "{" in path and (method.upper(), _route_shape(path)) not in probed | public
    ]
    assert missing == []


def test_matrix_covers_every_object_type_and_both_other_roles() -> None:
    assert {probe.object_type for probe in PROBES} | {entry[0] for entry in LISTS} == OBJECT_TYPES
    assert len(MATRIX) + len(LIST_MATRIX) == 2 * (len(PROBES) + len(LISTS))


@pytest.mark.parametrize(("probe", "actor"), MATRIX, ids=[_probe_id(item) for item in MATRIX])
def test_other_organisation_never_reaches_the_object(world: World, probe: Probe, actor: str) -> None:
    before = _snapshot(probe, world)
    client = _client(_actor(world, actor))
    path = _fill(probe.path, world)
    body = _fill(probe.body, world)
    response = getattr(client, probe.method.lower())(path, body, format="multipart" if probe.multipart else "json")

    allowed = getattr(probe, actor)
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) <= {"code", "detail", "errors"}, body
    if before is not None and (probe.always or response.status_code not in {200, 201}):
        assert _snapshot(probe, world) == before


@pytest.mark.parametrize(("entry", "actor"), LIST_MATRIX, ids=[f"{e[0]}:{e[1]}:{a}" for e, a in LIST_MATRIX])
def test_lists_never_contain_another_organisations_objects(
    world: World, entry: tuple[str, str, tuple[str, ...]], actor: str
) -> None:
    _object_type, path, keys = entry
    response = _client(_actor(world, actor)).get(_fill(path, world))
    assert response.status_code in {200, 403}, response.content[:300]
    if response.status_code == 200:
        ids = {item["id"] for item in response.json()["results"]}
        foreign = {world.a.ids.get(key) or world.ids[key] for key in keys}
        assert not ids & foreign


def test_settlement_statement_csv_holds_only_the_callers_orders(world: World) -> None:
    own = _client(world.a.supplier_user).get("/api/v1/settlements/", {"format": "csv"})
    other = _client(world.b.supplier_user).get("/api/v1/settlements/", {"format": "csv"})
    a_number = Order.objects.get(pk=world.a.ids["order"]).number
    assert own.status_code == other.status_code == 200
    assert a_number in own.content.decode()
    assert a_number not in other.content.decode()


def test_other_supplier_reads_an_open_rfq_without_buyer_identity_or_target_prices(world: World) -> None:
    body = _client(world.b.supplier_user).get(f"/api/v1/rfqs/{world.a.ids['rfq']}/").json()
    assert body["buyer"] is None
    assert all(line["target_unit_price"] is None for line in body["lines"])
    assert str(world.a.buyer.name) not in str(body)


class TestSealedQuotes:
    """A supplier never sees another supplier's quote on the same RFQ."""

    @pytest.fixture
    def rival_quote(self, world: World) -> int:
        response = _client(world.b.supplier_user).post(
            f"/api/v1/rfqs/{world.a.ids['rfq']}/quotes/",
            {
                "valid_until": "2099-01-01",
                "lines": [
                    {
                        "rfq_line": world.a.ids["rfq_line"],
                        "brand": "NSK",
                        "designation": "6205DDU C3",
                        "quantity": 10,
                        "unit_price": "9.99",
                    }
                ],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        return response.json()["id"]

    def test_quote_list_shows_a_supplier_only_its_own_quote(self, world: World, rival_quote: int) -> None:
        body = _client(world.a.supplier_user).get(f"/api/v1/rfqs/{world.a.ids['rfq']}/quotes/").json()
        items = body["results"] if isinstance(body, dict) else body
        assert [q["id"] for q in items] == [world.a.ids["quote"]]
        assert "9.99" not in str(body)

    def test_rival_quote_detail_is_not_found(self, world: World, rival_quote: int) -> None:
        response = _client(world.a.supplier_user).get(f"/api/v1/rfqs/{world.a.ids['rfq']}/quotes/{rival_quote}/")
        assert response.status_code == 404

    def test_rfq_detail_and_matches_do_not_leak_rival_prices(self, world: World, rival_quote: int) -> None:
        client = _client(world.a.supplier_user)
        detail = client.get(f"/api/v1/rfqs/{world.a.ids['rfq']}/")
        matches = client.get(f"/api/v1/rfqs/{world.a.ids['rfq']}/matches/")
        assert "9.99" not in detail.content.decode()
        assert matches.status_code in {403, 404}

    def test_buyer_sees_both_quotes(self, world: World, rival_quote: int) -> None:
        body = _client(world.a.buyer_user).get(f"/api/v1/rfqs/{world.a.ids['rfq']}/quotes/").json()
        items = body["results"] if isinstance(body, dict) else body
        assert {q["id"] for q in items} == {world.a.ids["quote"], rival_quote}


def test_another_organisation_is_not_a_party_to_any_of_tenant_a_objects(world: World) -> None:
    """The fixtures themselves keep the tenants apart (guards against a vacuous matrix)."""
    b_orgs = {world.b.supplier.pk, world.b.buyer.pk}
    assert Organization.objects.filter(pk__in=b_orgs).count() == 2
    assert Order.objects.get(pk=world.a.ids["order"]).buyer_id not in b_orgs
    assert Rfq.objects.get(pk=world.a.ids["rfq"]).buyer_id not in b_orgs


def test_another_buyer_sees_a_pools_totals_never_its_participants(world: World) -> None:
    body = _client(world.b.buyer_user).get(f"/api/v1/pools/{world.a.ids['pool']}/").json()
    assert body["participants"] == 1
    assert body["total_committed"] == 40
    assert body.get("commitments") is None
    assert body.get("my_commitment") is None
    assert world.a.buyer.name not in str(body)
    assert "buyer" not in str(body)


def test_another_supplier_never_sees_a_pools_commitments(world: World) -> None:
    body = _client(world.b.supplier_user).get(f"/api/v1/pools/{world.a.ids['pool']}/").json()
    assert body.get("commitments") is None
    owner = _client(world.a.supplier_user).get(f"/api/v1/pools/{world.a.ids['pool']}/").json()
    assert [c["quantity"] for c in owner["commitments"]] == [40]


def test_invited_supplier_reads_a_custom_request_without_buyer_identity_or_target_price(world: World) -> None:
    body = _client(world.a.supplier_user).get(f"/api/v1/custom-requests/{world.a.ids['custom_request']}/").json()
    assert body.get("buyer") is None
    assert body.get("target_unit_price") is None
    assert world.a.buyer.name not in str(body)
    assert "320.00" not in str(body)


def test_invited_supplier_sees_only_its_own_custom_quote(world: World) -> None:
    body = _client(world.a.supplier_user).get(f"/api/v1/custom-requests/{world.a.ids['custom_request']}/quotes/")
    assert body.status_code == 200
    assert [q["id"] for q in body.json()["results"]] == [world.a.ids["custom_quote"]]


def test_price_index_explanation_is_staff_only(world: World) -> None:
    """`explain=true` lists single trades (suppliers, prices): staff only, everyone else 403."""
    path = "/api/v1/price-index/?designation=6205&explain=true"
    for user in (world.a.supplier_user, world.a.buyer_user, world.b.supplier_user, world.b.buyer_user):
        response = _client(user).get(path)
        assert response.status_code == 403, response.content[:300]
        assert set(response.json()) <= {"code", "detail", "errors"}
    assert _client(world.staff).get(path).status_code == 200
    assert _client(world.a.buyer_user).get("/api/v1/price-index/?designation=6205").status_code == 200


def test_confirm_stock_never_touches_another_suppliers_listings(world: World) -> None:
    theirs = Listing.objects.get(pk=world.b.ids["listing"])
    client = _client(world.a.supplier_user)
    by_id = client.post("/api/v1/listings/confirm-stock/", {"ids": [world.b.ids["listing"]]}, format="json")
    assert by_id.status_code in {200, 400, 404}, by_id.content[:300]
    if by_id.status_code == 200:
        assert by_id.json()["confirmed"] == 0
    everything = client.post("/api/v1/listings/confirm-stock/", {"all": True}, format="json")
    assert everything.status_code == 200, everything.content[:300]
    after = Listing.objects.get(pk=world.b.ids["listing"])
    assert after.stock_confirmed_at == theirs.stock_confirmed_at
    assert after.quantity_available == theirs.quantity_available
    buyer = _client(world.b.buyer_user).post("/api/v1/listings/confirm-stock/", {"all": True}, format="json")
    assert buyer.status_code == 403
