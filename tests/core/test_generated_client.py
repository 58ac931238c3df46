"""A client generated from the served schema (openapi-python-client) round-trips a PATCH that
sends one field, and every field it did not send stays as it was."""

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalog.models import Listing
from tests.catalog.factories import ListingFactory
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def generate_client(tmp_path: Path) -> object:
    schema = APIClient().get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    generator = Path(sys.executable).parent / "openapi-python-client"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    subprocess.run(  # noqa: S603 - our own pinned tool on our own schema
        [str(generator), "generate", "--path", "schema.json", "--meta", "none", "--output-path", "ydclient"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        return importlib.import_module("ydclient")
    finally:
        sys.path.remove(str(tmp_path))


def test_a_generated_client_patch_of_quantity_keeps_every_other_field(live_server, tmp_path) -> None:
    supplier = OrganizationFactory(kind="supplier", status="verified")
    user = UserFactory(organization=supplier)
    token = Token.objects.create(user=user)
    breaks = [{"min_quantity": 1, "unit_price": "12.50"}, {"min_quantity": 100, "unit_price": "11.00"}]
    listing = ListingFactory(
        supplier=supplier, moq=10, lead_time_days=7, warehouse_city="临清", quantity_available=3, price_breaks=breaks
    )
    ydclient = generate_client(tmp_path)
    patch = importlib.import_module("ydclient.api.listings.listings_partial_update")
    models = importlib.import_module("ydclient.models")
    client = ydclient.AuthenticatedClient(base_url=live_server.url, token=token.key, prefix="Bearer")
    body = models.PatchedListingInputRequest(quantity_available=42)
    assert body.to_dict() == {"quantity_available": 42}
    response = patch.sync_detailed(listing.pk, client=client, body=body)
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["quantity_available"] == 42
    listing = Listing.objects.get(pk=listing.pk)
    assert (listing.quantity_available, listing.moq, listing.lead_time_days, listing.warehouse_city) == (
        42,
        10,
        7,
        "临清",
    )
    assert listing.price_breaks.count() == 2


def test_partial_update_components_carry_no_defaults() -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    patched = {name: c for name, c in schema["components"]["schemas"].items() if name.startswith("Patched")}
    assert "PatchedListingInputRequest" in patched
    assert "default" not in json.dumps(patched)


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "bearer"])
def test_token_is_accepted_with_token_or_bearer(keyword) -> None:
    user = UserFactory(organization=OrganizationFactory(kind="supplier", status="verified"))
    token = Token.objects.create(user=user)
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"{keyword} {token.key}")
    assert response.status_code == 200
    assert response.json()["username"] == user.username


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer wrong", "Basic abc"])
def test_bad_bearer_headers_are_401(header) -> None:
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=header).status_code == 401


def test_listing_ordering_takes_several_keys(supplier_client, supplier) -> None:
    ListingFactory(supplier=supplier, sku="A", unit_price="5.00", quantity_available=1)
    ListingFactory(supplier=supplier, sku="B", unit_price="5.00", quantity_available=9)
    ListingFactory(supplier=supplier, sku="C", unit_price="4.00", quantity_available=2)
    response = supplier_client.get("/api/v1/listings/", {"ordering": "unit_price,-quantity_available"})
    assert [item["sku"] for item in response.json()["results"]] == ["C", "B", "A"]


def test_the_csv_statement_is_its_own_media_type_in_the_schema() -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    content = schema["paths"]["/api/v1/settlements/"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv"}
    ordering = next(p for p in schema["paths"]["/api/v1/listings/"]["get"]["parameters"] if p["name"] == "ordering")
    assert (ordering["schema"]["type"], ordering["style"], ordering["explode"]) == ("array", "form", False)
