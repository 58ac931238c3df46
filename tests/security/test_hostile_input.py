"""Inputs that commonly turn into 500s answer 4xx in the error shape: text PostgreSQL cannot
store (NUL, unpaired surrogates), deep nesting, ids past 2^63, non-finite and huge
decimals, nonsense query parameters, and unknown routes under /api/."""

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.security.world import World

pytestmark = pytest.mark.django_db

HUGE = str(2**64)


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _listing(**overrides: Any) -> dict[str, Any]:
    body = {
        "sku": "H-1",
        "brand": "SKF",
        "designation": "6205-2RS",
        "quantity_available": 1,
        "price_breaks": [{"min_quantity": 1, "unit_price": "1.00"}],
    }
    body.update(overrides)
    return body


def _error_shape(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) <= {"code", "detail", "errors"}, body
    assert body["code"]
    assert body["detail"]
    return body


@pytest.mark.parametrize(
    "raw",
    [
        '{"listings": [{"sku": "a\\u0000b"}]}',
        '{"listings": [{"a\\u0000": 1}]}',
        '{"listings": [{"sku": "\\ud800"}]}',
        '{"listings": [{"\\udfff": "x"}]}',
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 40 + "1" + "}" * 40,
    ],
    ids=["nul-value", "nul-key", "lone-high-surrogate", "lone-low-surrogate-key", "deep-100000", "deep-40"],
)
def test_unstorable_or_deep_json_is_400(world: World, raw: str) -> None:
    response = _client(world.a.supplier_user).post("/api/v1/listings/bulk/", raw, content_type="application/json")
    assert response.status_code == 400
    assert _error_shape(response)["code"] == "parse_error"


def test_paired_surrogates_are_ordinary_text(world: World) -> None:
    raw = json.dumps({"listings": [_listing(sku="emoji-\U0001f6de")]}, ensure_ascii=True)
    response = _client(world.a.supplier_user).post("/api/v1/listings/bulk/", raw, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["created"] == 1


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/listings/{HUGE}/",
        f"/api/v1/listing-imports/{HUGE}/",
        f"/api/v1/rfqs/{HUGE}/",
        f"/api/v1/rfqs/{HUGE}/matches/",
        f"/api/v1/rfqs/1/quotes/{HUGE}/",
        f"/api/v1/orders/{HUGE}/",
        f"/api/v1/orders/{HUGE}/events/",
        f"/api/v1/webhooks/{HUGE}/",
        f"/api/v1/webhooks/{HUGE}/deliveries/",
        f"/api/v1/rfqs/{HUGE}/events/",
        f"/api/v1/pools/{HUGE}/",
        f"/api/v1/custom-requests/{HUGE}/",
        f"/api/v1/custom-requests/{HUGE}/quotes/",
        f"/api/v1/custom-requests/{HUGE}/access-log/",
        f"/api/v1/custom-requests/{HUGE}/drawings/1/",
        f"/api/v1/custom-requests/1/drawings/{HUGE}/",
        f"/api/v1/organizations/{HUGE}/capabilities/",
        "/api/v1/listings/-1/",
        "/api/v1/listings/%00/",
        "/api/v1/no-such-endpoint/",
    ],
)
def test_ids_past_2_63_and_unknown_routes_are_json_404(world: World, path: str) -> None:
    user = world.a.supplier_user if "listing-imports" in path else world.a.buyer_user
    response = _client(user).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    _error_shape(response)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/orders/{HUGE}/confirm/",
        f"/api/v1/orders/{HUGE}/cancel/",
        f"/api/v1/rfqs/{HUGE}/cancel/",
        f"/api/v1/notifications/{HUGE}/read/",
        f"/api/v1/organizations/{HUGE}/verify/",
        f"/api/v1/rfqs/{HUGE}/award-plan/",
        f"/api/v1/pools/{HUGE}/commit/",
        f"/api/v1/pools/{HUGE}/withdraw/",
        f"/api/v1/custom-requests/{HUGE}/accept-nda/",
        f"/api/v1/custom-requests/{HUGE}/cancel/",
        f"/api/v1/custom-requests/{HUGE}/award/",
        f"/api/v1/custom-requests/{HUGE}/quotes/",
        f"/api/v1/custom-requests/{HUGE}/drawings/",
    ],
)
def test_actions_on_ids_past_2_63_are_404_or_403(world: World, path: str) -> None:
    for user in (world.a.supplier_user, world.a.buyer_user, world.staff):
        response = _client(user).post(path, {}, format="json")
        assert response.status_code in {403, 404}
        _error_shape(response)


@pytest.mark.parametrize("price", ["NaN", "sNaN", "Infinity", "-Infinity", "1e999999", "1E+9999", "-1", "0", "0.001"])
def test_non_finite_or_out_of_range_prices_are_400(world: World, price: str) -> None:
    body = _listing(price_breaks=[{"min_quantity": 1, "unit_price": price}])
    response = _client(world.a.supplier_user).post("/api/v1/listings/", body, format="json")
    assert response.status_code == 400
    assert any(key.startswith("price_breaks") for key in _error_shape(response)["errors"])


@pytest.mark.parametrize("quantity", [2**31, 2**63, 2**64, -1, 1.5, "1e3", None, True])
def test_out_of_range_quantities_are_400(world: World, quantity: Any) -> None:
    body = {"lines": [{"listing": world.a.ids["listing"], "quantity": quantity}]}
    response = _client(world.a.buyer_user).post("/api/v1/orders/", body, format="json")
    assert response.status_code == 400
    _error_shape(response)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e999999", "-0", HUGE])
def test_non_finite_dimensions_in_an_rfq_are_400(world: World, value: str) -> None:
    line = {"bore_mm": value, "outer_diameter_mm": "52", "width_mm": "15", "quantity": 1}
    response = _client(world.a.buyer_user).post("/api/v1/rfqs/", {"title": "t", "lines": [line]}, format="json")
    assert response.status_code == 400
    _error_shape(response)


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "brand=%00",
        "bore_mm=NaN",
        "bore_mm=1e999999",
        "bore_mm=%00",
        f"supplier={HUGE}",
        "ordering=%00",
        "in_stock=maybe",
        f"page={HUGE}&page_size=-1",
    ],
)
def test_hostile_search_parameters_never_fail_the_server(world: World, query: str) -> None:
    response = _client(world.a.buyer_user).get(f"/api/v1/listings/?{query}")
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        _error_shape(response)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/designations/parse/?q=%00",
        "/api/v1/rfqs/?status=%00",
        "/api/v1/orders/?status=%00",
        "/api/v1/settlements/?period=%00",
        "/api/v1/settlements/?period=99999-99",
        "/api/v1/notifications/?unread=%00",
        f"/api/v1/rfqs/{{rfq}}/matches/?limit={HUGE}",
        "/api/v1/rfqs/{rfq}/matches/?limit=-1",
        "/api/v1/pools/?status=%00&kind=%00",
        f"/api/v1/pools/?page={HUGE}&page_size=-1",
        "/api/v1/custom-requests/?status=%00",
    ],
)
def test_hostile_query_parameters_elsewhere_are_4xx(world: World, path: str) -> None:
    for user in (world.a.supplier_user, world.a.buyer_user):
        response = _client(user).get(path.format(rfq=world.a.ids["rfq"]))
        assert response.status_code < 500
        if response.status_code >= 400:
            _error_shape(response)


@pytest.mark.parametrize("url", ["http://a\x00b.example/", "ftp://example.com/", "http://[::1]/", "http://127.0.0.1/"])
def test_unsafe_webhook_urls_are_400(world: World, url: str) -> None:
    body = {"url": url, "events": ["order.placed"]}
    response = _client(world.a.supplier_user).post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 400
    assert "url" in _error_shape(response).get("errors", {"url": []}) or response.json()["code"] == "parse_error"


def test_wrong_content_type_is_415(world: World) -> None:
    response = _client(world.a.supplier_user).post("/api/v1/listings/", "sku=x", content_type="text/plain")
    assert response.status_code == 415
    _error_shape(response)


def test_malformed_json_is_400(world: World) -> None:
    response = _client(world.a.supplier_user).post("/api/v1/listings/", '{"sku": ', content_type="application/json")
    assert response.status_code == 400
    assert _error_shape(response)["code"] == "parse_error"


# v1.1 money fields: pool tiers and commitments, custom quotes, the award plan's supplier cost.
NON_FINITE = ["NaN", "sNaN", "Infinity", "-Infinity", "1e999999", "-1", "0.001"]


def _pool(**overrides: Any) -> dict[str, Any]:
    body = {
        "title": "H pool",
        "item": {"kind": "bearing", "brand": "SKF", "designation": "6205"},
        "unit": "piece",
        "tiers": [{"min_total_quantity": 100, "unit_price": "10.00"}],
        "min_commitment": 10,
        "closes_at": "2099-01-01T00:00:00Z",
        "delivery_city": "Linqing",
        "lead_time_days": 7,
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("price", NON_FINITE)
def test_non_finite_pool_prices_are_400(world: World, price: str) -> None:
    tiers = [{"min_total_quantity": 100, "unit_price": price}]
    response = _client(world.a.supplier_user).post("/api/v1/pools/", _pool(tiers=tiers), format="json")
    assert response.status_code == 400
    _error_shape(response)
    commit = _client(world.a.buyer_user).post(
        f"/api/v1/pools/{world.a.ids['pool']}/commit/", {"quantity": 20, "max_unit_price": price}, format="json"
    )
    assert commit.status_code == 400
    _error_shape(commit)


@pytest.mark.parametrize("quantity", [2**31, 2**63, 2**64, -1, 1.5, None, True])
def test_out_of_range_pool_quantities_are_400(world: World, quantity: Any) -> None:
    response = _client(world.a.buyer_user).post(
        f"/api/v1/pools/{world.a.ids['pool']}/commit/", {"quantity": quantity}, format="json"
    )
    assert response.status_code == 400
    _error_shape(response)


@pytest.mark.parametrize("item", [{"kind": "steel", "grade": "\x00", "form": "bar", "size_mm": "NaN"}, {"kind": 1}])
def test_hostile_pool_items_are_400(world: World, item: Any) -> None:
    response = _client(world.a.supplier_user).post("/api/v1/pools/", _pool(item=item), format="json")
    assert response.status_code == 400
    _error_shape(response)


@pytest.mark.parametrize("price", NON_FINITE)
def test_non_finite_custom_quote_prices_are_400(world: World, price: str) -> None:
    body = {
        "unit_price": price,
        "tooling_cost": price,
        "sample_quantity": 1,
        "sample_lead_days": 1,
        "production_lead_days": 1,
        "moq": 1,
        "valid_until": "2099-01-01",
    }
    path = f"/api/v1/custom-requests/{world.a.ids['custom_request']}/quotes/"
    response = _client(world.a.supplier_user).post(path, body, format="json")
    assert response.status_code == 400
    _error_shape(response)


@pytest.mark.parametrize(
    "body",
    [
        {"per_supplier_cost": "NaN"},
        {"per_supplier_cost": "1e999999"},
        {"per_supplier_cost": "-1"},
        {"max_suppliers": 0},
        {"max_suppliers": 2**64},
        {"source": "\x00"},
        {"respect_required_by": "maybe"},
    ],
)
def test_hostile_award_plan_inputs_are_400(world: World, body: dict[str, Any]) -> None:
    response = _client(world.a.buyer_user).post(f"/api/v1/rfqs/{world.a.ids['rfq']}/award-plan/", body, format="json")
    assert response.status_code == 400
    _error_shape(response)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.pdf", b"<html><script>alert(1)</script></html>"),
        ("drawing.png", b"GIF89a\x01\x00\x01\x00"),
        ("drawing.step", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("drawing.pdf", b""),
    ],
    ids=["html-named-pdf", "gif-named-png", "exe-named-step", "empty"],
)
def test_drawings_not_recognised_by_content_are_400(world: World, name: str, content: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from marketplace.custom.models import Drawing

    before = Drawing.objects.count()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = _client(world.a.buyer_user).post(
        f"/api/v1/custom-requests/{world.a.ids['custom_request']}/drawings/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    _error_shape(response)
    assert Drawing.objects.count() == before


@pytest.mark.parametrize("amount", NON_FINITE)
def test_non_finite_claim_amounts_are_400(world: World, amount: str) -> None:
    response = _client(world.a.supplier_user).post(
        f"/api/v1/claims/{world.a.ids['claim']}/respond/", {"action": "offer", "amount": amount}, format="json"
    )
    assert response.status_code == 400
    _error_shape(response)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"<svg onload=alert(1)></svg>"),
        ("photo.png", b"GIF89a\x01\x00\x01\x00"),
        ("report.pdf", b""),
    ],
    ids=["svg-named-jpg", "gif-named-png", "empty"],
)
def test_claim_evidence_not_recognised_by_content_is_400(world: World, name: str, content: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders.claims.models import ClaimEvidence

    before = ClaimEvidence.objects.count()
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = _client(world.a.buyer_user).post(
        f"/api/v1/claims/{world.a.ids['claim']}/evidence/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    _error_shape(response)
    assert ClaimEvidence.objects.count() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [("letter.pdf", b"<html><body>forged</body></html>"), ("letter.png", b"GIF89a\x01\x00"), ("letter.pdf", b"")],
    ids=["html-named-pdf", "gif-named-png", "empty"],
)
def test_brand_authorization_documents_not_recognised_by_content_are_400(
    world: World, name: str, content: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {"brand": "SKF", "valid_until": "2099-01-01", "document": SimpleUploadedFile(name, content)}
    response = _client(world.a.supplier_user).post("/api/v1/brand-authorizations/", body, format="multipart")
    assert response.status_code == 400
    _error_shape(response)
