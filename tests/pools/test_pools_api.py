"""Opening, listing and reading pools through the API: roles, bad input, what each side may see."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.pools.models import Pool, PoolEvent, PoolTier
from tests.factories import OrganizationFactory
from tests.pools.conftest import POOLS, bearing_item, pool_body, steel_item, tiers
from tests.pools.factories import commitment_make, pool_make

pytestmark = pytest.mark.django_db


def test_verified_supplier_opens_a_bearing_pool_parsed_like_a_listing(supplier_client: APIClient) -> None:
    response = supplier_client.post(POOLS, pool_body(max_total_quantity=800), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open"
    assert body["item"]["kind"] == "bearing"
    assert body["item"]["brand"] == "SKF"
    assert body["item"]["recognized"] is True
    assert body["item"]["base_designation"] == "6205"
    assert body["item"]["bore_mm"] == "25.00"
    assert body["item"]["seal"] == "2RS"
    assert body["tiers"] == [
        {"min_total_quantity": 100, "unit_price": "10.00"},
        {"min_total_quantity": 200, "unit_price": "9.00"},
        {"min_total_quantity": 500, "unit_price": "8.00"},
    ]
    assert (body["total_committed"], body["participants"]) == (0, 0)
    assert body["current_tier"] is None
    assert body["next_tier"] == {"min_total_quantity": 100, "unit_price": "10.00"}
    assert body["quantity_to_next_tier"] == 100
    assert body["remaining_quantity"] == 800
    assert body["commitments"] == []
    assert body["my_commitment"] is None
    assert body["owner"]["id"] == supplier_client.user.organization_id
    pool = Pool.objects.get(pk=body["id"])
    assert pool.created_by == supplier_client.user
    assert list(PoolEvent.objects.filter(pool=pool).values_list("from_status", "to_status")) == [("", "open")]


def test_steel_pool_normalises_the_grade_and_names_its_standard(supplier_client: APIClient) -> None:
    body = pool_body(item=steel_item(grade="gcr15 simn", form="tube", size_mm="45.5"), unit="kg")
    response = supplier_client.post(POOLS, body, format="json")

    assert response.status_code == 201, response.content
    item = response.json()["item"]
    assert item == {"kind": "steel", "grade": "GCr15SiMn", "standard": "GB/T 18254", "form": "tube", "size_mm": "45.50"}
    assert response.json()["unit"] == "kg"


@pytest.mark.parametrize("grade", ["G20Cr2Ni4", "G95Cr18", "G102Cr18Mo", "GCr4"])
def test_every_contract_grade_is_accepted(supplier_client: APIClient, grade: str) -> None:
    response = supplier_client.post(POOLS, pool_body(item=steel_item(grade=grade), unit="kg"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["item"]["grade"] == grade


def test_a_steel_grade_outside_the_vocabulary_is_400(supplier_client: APIClient) -> None:
    response = supplier_client.post(POOLS, pool_body(item=steel_item(grade="42CrMo")), format="json")

    assert response.status_code == 400
    assert "item.grade" in response.json()["errors"]
    assert not Pool.objects.exists()


BAD_BODIES: dict[str, tuple[dict[str, Any], str]] = {
    "tiers not ascending": ({"tiers": tiers((200, "10.00"), (100, "9.00"))}, "tiers.1.min_total_quantity"),
    "equal quantities": ({"tiers": tiers((100, "10.00"), (100, "9.00"))}, "tiers.1.min_total_quantity"),
    "price not falling": ({"tiers": tiers((100, "10.00"), (200, "10.00"))}, "tiers.1.unit_price"),
    "price rising": ({"tiers": tiers((100, "10.00"), (200, "9.00"), (300, "9.50"))}, "tiers.2.unit_price"),
    "no tiers": ({"tiers": []}, "tiers"),
    "zero price": ({"tiers": tiers((100, "0.00"))}, "tiers.0.unit_price"),
    "negative quantity": ({"tiers": tiers((-5, "1.00"))}, "tiers.0.min_total_quantity"),
    "closes in the past": ({"closes_at": (timezone.now() - timedelta(minutes=1)).isoformat()}, "closes_at"),
    "unknown unit": ({"unit": "tonne"}, "unit"),
    "unknown kind": ({"item": {"kind": "grease"}}, "item.kind"),
    "unknown brand": ({"item": bearing_item(brand="NOSUCHMAKER")}, "item.brand"),
    "bearing without designation": ({"item": {"kind": "bearing", "brand": "SKF"}}, "item.designation"),
    "steel without form": ({"item": {"kind": "steel", "grade": "GCr15", "size_mm": "60"}}, "item.form"),
    "steel with unknown form": ({"item": steel_item(form="plate")}, "item.form"),
    "steel with zero size": ({"item": steel_item(size_mm="0")}, "item.size_mm"),
    "zero min commitment": ({"min_commitment": 0}, "min_commitment"),
    "cap below first tier": ({"max_total_quantity": 99}, "max_total_quantity"),
    "cap below min commitment": ({"max_total_quantity": 150, "min_commitment": 200}, "max_total_quantity"),
    "negative lead time": ({"lead_time_days": -1}, "lead_time_days"),
    "missing title": ({"title": ""}, "title"),
    "missing delivery city": ({"delivery_city": ""}, "delivery_city"),
    "fractional quantity": ({"min_commitment": 1.5}, "min_commitment"),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_bad_pool_bodies_are_400_naming_the_field_and_write_nothing(supplier_client: APIClient, case: str) -> None:
    fields, field = BAD_BODIES[case]
    response = supplier_client.post(POOLS, pool_body(**fields), format="json")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"], response.json()
    assert not Pool.objects.exists()
    assert not PoolTier.objects.exists()


def test_a_buyer_opening_a_pool_is_403(buyer_client: APIClient) -> None:
    response = buyer_client.post(POOLS, pool_body(), format="json")
    assert response.status_code == 403
    assert not Pool.objects.exists()


def test_a_pending_supplier_opening_a_pool_is_403(make_client: Callable[..., APIClient]) -> None:
    client = make_client(OrganizationFactory(kind="supplier", status="pending"))
    assert client.post(POOLS, pool_body(), format="json").status_code == 403


def test_anonymous_requests_are_401(api_client: APIClient) -> None:
    assert api_client.get(POOLS).status_code == 401
    assert api_client.post(POOLS, pool_body(), format="json").status_code == 401


def test_idempotency_key_replays_the_created_pool(supplier_client: APIClient) -> None:
    body = pool_body()
    first = supplier_client.post(POOLS, body, format="json", HTTP_IDEMPOTENCY_KEY="pool-1")
    again = supplier_client.post(POOLS, body, format="json", HTTP_IDEMPOTENCY_KEY="pool-1")
    other = supplier_client.post(POOLS, pool_body(title="Other"), format="json", HTTP_IDEMPOTENCY_KEY="pool-1")

    assert (first.status_code, again.status_code, other.status_code) == (201, 201, 422)
    assert again.json()["id"] == first.json()["id"]
    assert Pool.objects.count() == 1


def test_verified_members_list_pools_filtered_by_status_and_kind(
    buyer_client: APIClient, supplier_client: APIClient
) -> None:
    bearing = pool_make()
    steel = pool_make(kind="steel", brand=None, designation="", steel_grade="GCr15", steel_form="bar", size_mm=60)
    failed = pool_make(status="failed")

    def ids(client: APIClient, query: str = "") -> list[int]:
        response = client.get(f"{POOLS}{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert sorted(ids(buyer_client)) == sorted([bearing.pk, steel.pk, failed.pk])
    assert ids(supplier_client, "?kind=steel") == [steel.pk]
    assert ids(buyer_client, "?status=failed") == [failed.pk]
    assert sorted(ids(buyer_client, "?status=open&kind=bearing")) == [bearing.pk]


def test_list_is_paginated(buyer_client: APIClient) -> None:
    for _ in range(3):
        pool_make()
    first = buyer_client.get(f"{POOLS}?page_size=2").json()
    assert len(first["results"]) == 2
    assert first["next"]
    second = buyer_client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None


@pytest.mark.parametrize("query", ["?status=pending", "?kind=grease"])
def test_unknown_list_filters_are_400(buyer_client: APIClient, query: str) -> None:
    assert buyer_client.get(f"{POOLS}{query}").status_code == 400


def test_list_costs_a_fixed_number_of_queries(buyer_client: APIClient, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        pool = pool_make()
        commitment_make(pool, 20)
        commitment_make(pool, 30, buyer=buyer_client.user.organization)
    with django_assert_max_num_queries(6):
        response = buyer_client.get(POOLS)
    assert len(response.json()["results"]) == 5


@pytest.mark.parametrize(("kind", "status"), [("buyer", "pending"), ("supplier", "pending"), ("buyer", "suspended")])
def test_unverified_members_may_not_see_pools(make_client: Callable[..., APIClient], kind: str, status: str) -> None:
    pool = pool_make()
    client = make_client(OrganizationFactory(kind=kind, status=status))
    assert client.get(POOLS).status_code == 403
    assert client.get(f"{POOLS}{pool.pk}/").status_code == 403


def test_unknown_pool_is_404(buyer_client: APIClient) -> None:
    assert buyer_client.get(f"{POOLS}999999/").status_code == 404


def test_a_buyer_sees_totals_and_its_own_commitment_never_the_others(buyer_client: APIClient) -> None:
    pool = pool_make()
    rival = commitment_make(pool, 150, "9.50")
    commitment_make(pool, 60, "9.00", buyer=buyer_client.user.organization)

    body = buyer_client.get(f"{POOLS}{pool.pk}/").json()

    assert (body["total_committed"], body["participants"]) == (210, 2)
    assert body["current_tier"] == {"min_total_quantity": 200, "unit_price": "9.00"}
    assert body["next_tier"] == {"min_total_quantity": 500, "unit_price": "8.00"}
    assert body["quantity_to_next_tier"] == 290
    assert body["commitments"] is None
    assert body["my_commitment"]["quantity"] == 60
    assert body["my_commitment"]["max_unit_price"] == "9.00"
    assert body["my_commitment"]["status"] == "active"
    text = str(body)
    assert rival.buyer.name not in text
    assert "150" not in text


def test_another_supplier_sees_no_commitments(make_client: Callable[..., APIClient]) -> None:
    pool = pool_make()
    commitment = commitment_make(pool, 150)
    client = make_client(OrganizationFactory(kind="supplier", status="verified"))

    body = client.get(f"{POOLS}{pool.pk}/").json()

    assert body["commitments"] is None
    assert body["my_commitment"] is None
    assert commitment.buyer.name not in str(body)
    assert body["participants"] == 1


def test_the_owner_sees_every_commitment(make_client: Callable[..., APIClient]) -> None:
    pool = pool_make()
    first = commitment_make(pool, 150, "9.50")
    second = commitment_make(pool, 60)
    client = make_client(pool.owner)

    rows = client.get(f"{POOLS}{pool.pk}/").json()["commitments"]

    assert [(r["buyer"], r["buyer_name"], r["quantity"], r["max_unit_price"]) for r in rows] == [
        (first.buyer_id, first.buyer.name, 150, "9.50"),
        (second.buyer_id, second.buyer.name, 60, None),
    ]


def test_last_tier_reached_has_no_next_tier(buyer_client: APIClient) -> None:
    pool = pool_make()
    commitment_make(pool, 600)
    body = buyer_client.get(f"{POOLS}{pool.pk}/").json()
    assert body["current_tier"] == {"min_total_quantity": 500, "unit_price": "8.00"}
    assert body["next_tier"] is None
    assert body["quantity_to_next_tier"] is None
    assert body["remaining_quantity"] is None


def test_schema_documents_the_pool_endpoints() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {"/api/v1/pools/", "/api/v1/pools/{id}/", "/api/v1/pools/{id}/commit/", "/api/v1/pools/{id}/withdraw/"}
    assert paths <= set(schema["paths"])
    assert "pool_full" in str(schema["paths"]["/api/v1/pools/{id}/commit/"])
