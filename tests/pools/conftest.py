"""Pool test helpers: request bodies and a pool opened through the API."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

POOLS = "/api/v1/pools/"


def bearing_item(brand: str = "SKF", designation: str = "6205-2RS") -> dict[str, Any]:
    return {"kind": "bearing", "brand": brand, "designation": designation}


def steel_item(grade: str = "GCr15", form: str = "bar", size_mm: str = "60") -> dict[str, Any]:
    return {"kind": "steel", "grade": grade, "form": form, "size_mm": size_mm}


def tiers(*steps: tuple[int, str]) -> list[dict[str, Any]]:
    return [{"min_total_quantity": q, "unit_price": p} for q, p in steps]


def pool_body(**fields: Any) -> dict[str, Any]:
    body = {
        "title": "6205-2RS spring pool",
        "item": bearing_item(),
        "unit": "piece",
        "tiers": tiers((100, "10.00"), (200, "9.00"), (500, "8.00")),
        "min_commitment": 10,
        "closes_at": (timezone.now() + timedelta(days=2)).isoformat(),
        "delivery_city": "Linqing",
        "lead_time_days": 7,
    }
    body.update(fields)
    return body


def commit_url(pool_id: int) -> str:
    return f"{POOLS}{pool_id}/commit/"


def withdraw_url(pool_id: int) -> str:
    return f"{POOLS}{pool_id}/withdraw/"


@pytest.fixture
def open_pool(supplier_client: APIClient) -> Callable[..., dict[str, Any]]:
    """POST a pool as the verified supplier and return the 201 body."""

    def _open(**fields: Any) -> dict[str, Any]:
        response = supplier_client.post(POOLS, pool_body(**fields), format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return _open
