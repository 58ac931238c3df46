"""Custom request helpers: request bodies, a capable supplier, an opened request, quotes, drawings."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from tests.custom.factories import declare
from tests.factories import OrganizationFactory

REQUESTS = "/api/v1/custom-requests/"
CAPABILITIES = "/api/v1/capabilities/"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def request_body(**fields: Any) -> dict[str, Any]:
    body = {
        "title": "Gearbox output tapered roller",
        "bearing_type": "tapered_roller",
        "bore_mm": "110",
        "outer_diameter_mm": "180",
        "width_mm": "38",
        "precision": "P6",
        "material": "G20CrNi2Mo",
        "processes": ["heat_treatment", "grinding"],
        "certifications": ["IATF16949"],
        "quantity": 500,
        "annual_quantity": 6000,
        "target_unit_price": "320.00",
        "application": "Wind gearbox output shaft, 1.5 MW",
        "deadline": (timezone.now() + timedelta(days=7)).isoformat(),
    }
    body.update(fields)
    return body


def quote_body(**fields: Any) -> dict[str, Any]:
    body = {
        "unit_price": "298.50",
        "tooling_cost": "12000.00",
        "sample_quantity": 4,
        "sample_lead_days": 25,
        "production_lead_days": 45,
        "moq": 200,
        "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "note": "Carburised, case depth 1.8 mm",
    }
    body.update(fields)
    return body


def pdf(name: str = "drawing.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def maker(supplier: Any) -> Any:
    """The shared verified supplier, capable of the default request."""
    declare(supplier)
    return supplier


@pytest.fixture
def maker_client(make_client: Callable[..., APIClient], maker: Any) -> APIClient:
    return make_client(maker)


@pytest.fixture
def outsider_client(make_client: Callable[..., APIClient], db: None) -> APIClient:
    """A verified supplier that cannot make the bearing, so is never invited."""
    other = OrganizationFactory(kind="supplier", status="verified")
    declare(other, bearing_types=["deep_groove_ball"])
    return make_client(other)


@pytest.fixture
def open_request(buyer_client: APIClient, maker: Any) -> Callable[..., dict[str, Any]]:
    """POST a custom request as the buyer and return the 201 body."""

    def _open(**fields: Any) -> dict[str, Any]:
        response = buyer_client.post(REQUESTS, request_body(**fields), format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return _open


@pytest.fixture
def drawing(buyer_client: APIClient, open_request: Callable[..., dict[str, Any]]) -> tuple[dict, dict]:
    """An open request with one PDF drawing: (request, drawing)."""
    custom_request = open_request()
    response = buyer_client.post(f"{REQUESTS}{custom_request['id']}/drawings/", {"file": pdf()}, format="multipart")
    assert response.status_code == 201, response.content
    return custom_request, response.json()
