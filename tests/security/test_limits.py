"""Limits that keep one client from exhausting the service: rate limits per organisation on
the expensive endpoints (429 with Retry-After), body and upload sizes (413), page size,
RFQ line and bulk item counts, and hostile spreadsheets refused cleanly."""

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from rest_framework.test import APIClient

from catalog.models import Listing, ListingImport
from marketplace.core.pagination import MAX_PAGE_SIZE
from marketplace.core.throttling import OrganizationScopedThrottle
from tests.factories import UserFactory
from tests.security.world import World

pytestmark = pytest.mark.django_db

IMPORTS = "/api/v1/listing-imports/"
MAX_BODY = 2 * 1024 * 1024


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def low_rates(monkeypatch: pytest.MonkeyPatch) -> int:
    """Each expensive scope allows 3 requests per minute and organisation."""
    rates = dict(OrganizationScopedThrottle.THROTTLE_RATES)
    rates.update({"search": "3/min", "matching": "3/min", "import": "3/min"})
    monkeypatch.setattr(OrganizationScopedThrottle, "THROTTLE_RATES", rates)
    return 3


def _csv(name: str = "stock.csv", rows: int = 1) -> SimpleUploadedFile:
    lines = ["sku,brand,designation,quantity_available,unit_price"]
    lines += [f"L-{i},SKF,6205-2RS,10,12.50" for i in range(rows)]
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


def _expensive_requests(world: World) -> dict[str, Callable[[APIClient], Any]]:
    rfq = world.a.ids["rfq"]
    return {
        "search": lambda c: c.get("/api/v1/listings/", {"q": "6205"}),
        "parse": lambda c: c.get("/api/v1/designations/parse/", {"q": "NSK 6205DDU C3"}),
        "matching": lambda c: c.get(f"/api/v1/rfqs/{rfq}/matches/"),
        "import": lambda c: c.post(IMPORTS, {"file": _csv()}, format="multipart"),
    }


def _caller(world: World, endpoint: str) -> Any:
    """Matching is the buyer's; imports are the supplier's; search is anyone's."""
    return world.a.buyer_user if endpoint == "matching" else world.a.supplier_user


@pytest.mark.parametrize("endpoint", ["search", "parse", "matching", "import"])
def test_expensive_endpoint_answers_429_with_retry_after_past_the_rate(
    world: World, low_rates: int, endpoint: str
) -> None:
    send = _expensive_requests(world)[endpoint]
    client = _client(_caller(world, endpoint))
    with TestCase.captureOnCommitCallbacks(execute=True):
        statuses = [send(client).status_code for _ in range(low_rates)]
    refused = send(client)
    assert all(code < 400 for code in statuses), statuses
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"


@pytest.mark.parametrize("endpoint", ["search", "matching", "import"])
def test_rate_limit_counts_per_organisation_not_per_user(world: World, low_rates: int, endpoint: str) -> None:
    send = _expensive_requests(world)[endpoint]
    owner = _caller(world, endpoint)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(low_rates):
            send(_client(owner))
        colleague = UserFactory(organization=owner.organization)
        assert send(_client(colleague)).status_code == 429


def test_rate_limit_of_one_organisation_leaves_another_untouched(world: World, low_rates: int) -> None:
    send = _expensive_requests(world)["search"]
    for _ in range(low_rates + 1):
        send(_client(world.a.supplier_user))
    assert send(_client(world.b.supplier_user)).status_code == 200


def test_json_body_over_the_cap_is_413_in_the_error_shape(world: World) -> None:
    padding = "x" * (MAX_BODY + 1)
    response = _client(world.a.supplier_user).post(
        "/api/v1/listings/bulk/", json.dumps({"listings": [], "padding": padding}), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_upload_over_the_cap_is_413_before_it_is_stored(world: World, settings: Any) -> None:
    settings.MARKETPLACE_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("big.csv", b"sku,brand\n" + b"a,b\n" * 100_000, content_type="text/csv")
    response = _client(world.a.supplier_user).post(IMPORTS, {"file": big}, format="multipart")
    assert response.status_code == 413
    assert not ListingImport.objects.filter(supplier=world.a.supplier, pk__gt=world.b.ids["import"]).exists()


def test_upload_just_over_the_file_cap_is_413(world: World, settings: Any) -> None:
    settings.MARKETPLACE_MAX_UPLOAD_BYTES = 200 * 1024
    response = _client(world.a.supplier_user).post(
        IMPORTS, {"file": _csv(rows=8000)}, format="multipart"
    )  # ~250 KB: within the multipart overhead, caught by the file check
    assert response.status_code == 413
    assert response.json()["code"] in {"file_too_large", "request_too_large"}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        ("report.csv", b"%PDF-1.7\n" + b"x" * 200),
        ("stock.exe", b"MZ" + b"\x00" * 200),
        ("stock.xlsx", b"sku,brand,designation\nA,SKF,6205\n"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 200),
        ("empty.csv", b""),
        ("binary.csv", bytes(range(256)) * 4),
    ],
)
def test_upload_of_the_wrong_type_is_refused_with_400(world: World, name: str, content: bytes) -> None:
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = _client(world.a.supplier_user).post(IMPORTS, {"file": upload}, format="multipart")
    assert response.status_code == 400, response.content
    assert set(response.json()) <= {"code", "detail", "errors"}


def _xlsx_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_workbook_is_refused_before_it_is_inflated(world: World, settings: Any) -> None:
    settings.MARKETPLACE_IMPORT_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    bomb = _xlsx_zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\x00" * (32 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024  # 32 MiB of zeros deflate to a few tens of KB
    upload = SimpleUploadedFile("bomb.xlsx", bomb, content_type="application/octet-stream")
    response = _client(world.a.supplier_user).post(IMPORTS, {"file": upload}, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_workbook_that_lies_about_its_size_fails_cleanly(world: World) -> None:
    """Entry headers claiming a tiny size: zipfile stops at the declared size, the import fails."""
    workbook = bytearray(_xlsx_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<" * 5_000_000}))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # forge the uncompressed size in both headers
        start = 0
        while (start := workbook.find(header, start)) != -1:
            offset = start + (22 if header == b"PK\x03\x04" else 24)
            workbook[offset : offset + 4] = (100).to_bytes(4, "little")
            start += 4
    upload = SimpleUploadedFile("liar.xlsx", bytes(workbook), content_type="application/octet-stream")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _client(world.a.supplier_user).post(IMPORTS, {"file": upload}, format="multipart")
    assert response.status_code in {202, 400}, response.content
    if response.status_code == 202:
        status = _client(world.a.supplier_user).get(f"{IMPORTS}{response.json()['id']}/").json()
        assert status["status"] == "failed"
        assert status["errors"]


def test_sheet_with_more_rows_than_allowed_fails_with_a_message(world: World, settings: Any) -> None:
    settings.MARKETPLACE_IMPORT_MAX_ROWS = 50
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _client(world.a.supplier_user).post(IMPORTS, {"file": _csv(rows=51)}, format="multipart")
    assert response.status_code in {202, 400, 413}, response.content
    if response.status_code == 202:
        status = _client(world.a.supplier_user).get(f"{IMPORTS}{response.json()['id']}/").json()
        assert status["status"] == "failed"
        assert status["errors"]
        assert not Listing.objects.filter(supplier=world.a.supplier, sku="L-50").exists()


def test_import_without_a_file_is_400(world: World) -> None:
    response = _client(world.a.supplier_user).post(IMPORTS, {"note": "x"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


@pytest.fixture
def many_listings(world: World) -> int:
    items = [
        {
            "sku": f"PAGE-{i}",
            "brand": "SKF",
            "designation": "6205-2RS",
            "quantity_available": 5,
            "price_breaks": [{"min_quantity": 1, "unit_price": "9.00"}],
        }
        for i in range(MAX_PAGE_SIZE + 10)
    ]
    response = _client(world.a.supplier_user).post("/api/v1/listings/bulk/", {"listings": items}, format="json")
    assert response.json()["created"] == len(items)
    return len(items)


@pytest.mark.parametrize(("page_size", "expected"), [("100000", MAX_PAGE_SIZE), (str(2**70), MAX_PAGE_SIZE)])
def test_page_size_is_capped_at_200(world: World, many_listings: int, page_size: str, expected: int) -> None:
    response = _client(world.b.buyer_user).get("/api/v1/listings/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected
    assert response.json()["next"] is not None


@pytest.mark.parametrize("page_size", ["0", "-5", "abc", "1e3", "\u0661\u0662"])
def test_nonsense_page_size_falls_back_to_the_default(world: World, many_listings: int, page_size: str) -> None:
    response = _client(world.b.buyer_user).get("/api/v1/listings/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= MAX_PAGE_SIZE


@pytest.mark.parametrize("page", [str(2**70), "-1", "0", "999999"])
def test_far_or_nonsense_page_is_not_an_error(world: World, page: str) -> None:
    response = _client(world.b.buyer_user).get("/api/v1/listings/", {"page": page})
    assert response.status_code in {200, 404}
    assert response.status_code != 500


def _rfq(lines: int) -> dict[str, Any]:
    return {"title": "Many lines", "lines": [{"designation": "6205-2RS", "quantity": 1} for _ in range(lines)]}


def test_rfq_with_200_lines_is_accepted(world: World) -> None:
    response = _client(world.a.buyer_user).post("/api/v1/rfqs/", _rfq(200), format="json")
    assert response.status_code == 201
    assert len(response.json()["lines"]) == 200


def test_rfq_with_201_lines_is_refused_naming_lines(world: World) -> None:
    response = _client(world.a.buyer_user).post("/api/v1/rfqs/", _rfq(201), format="json")
    assert response.status_code == 400
    assert "lines" in response.json()["errors"]


def test_bulk_upsert_over_1000_items_is_refused(world: World) -> None:
    items = [{"sku": f"B-{i}"} for i in range(1001)]
    response = _client(world.a.supplier_user).post("/api/v1/listings/bulk/", {"listings": items}, format="json")
    assert response.status_code == 400
    assert not Listing.objects.filter(supplier=world.a.supplier, sku="B-0").exists()


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/auth/register/"])
def test_credential_endpoints_are_rate_limited(api_client: APIClient, path: str) -> None:
    """Password guessing and sign-up floods stop at the auth rate (20/min per client address)."""
    statuses = [api_client.post(path, {"username": "x", "password": "y"}, format="json").status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429


def test_drawing_just_over_20_mib_is_413_and_not_stored(world: World) -> None:
    from marketplace.custom.choices import DRAWING_MAX_BYTES
    from marketplace.custom.models import Drawing
    from tests.security.world import PDF

    before = Drawing.objects.count()
    big = SimpleUploadedFile(
        "big.pdf", PDF + b"\0" * (DRAWING_MAX_BYTES + 1 - len(PDF)), content_type="application/pdf"
    )
    response = _client(world.a.buyer_user).post(
        f"/api/v1/custom-requests/{world.a.ids['custom_request']}/drawings/", {"file": big}, format="multipart"
    )
    assert response.status_code == 413
    assert set(response.json()) <= {"code", "detail", "errors"}
    assert Drawing.objects.count() == before


def test_drawing_of_exactly_20_mib_is_accepted(world: World) -> None:
    from marketplace.custom.choices import DRAWING_MAX_BYTES
    from tests.security.world import PDF

    exact = SimpleUploadedFile("edge.pdf", PDF + b"\0" * (DRAWING_MAX_BYTES - len(PDF)), content_type="application/pdf")
    response = _client(world.a.buyer_user).post(
        f"/api/v1/custom-requests/{world.a.ids['custom_request']}/drawings/", {"file": exact}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["size"] == DRAWING_MAX_BYTES


def test_claim_evidence_just_over_10_mib_is_413_and_not_stored(world: World) -> None:
    from orders.claims.models import ClaimEvidence
    from tests.security.world import PDF

    before = ClaimEvidence.objects.count()
    size = 10 * 1024 * 1024 + 1
    big = SimpleUploadedFile("big.pdf", PDF + b"\0" * (size - len(PDF)), content_type="application/pdf")
    response = _client(world.a.buyer_user).post(
        f"/api/v1/claims/{world.a.ids['claim']}/evidence/", {"file": big}, format="multipart"
    )
    assert response.status_code == 413
    assert set(response.json()) <= {"code", "detail", "errors"}
    assert ClaimEvidence.objects.count() == before


def test_brand_authorization_document_just_over_10_mib_is_413(world: World) -> None:
    from tests.security.world import PDF

    size = 10 * 1024 * 1024 + 1
    big = SimpleUploadedFile("big.pdf", PDF + b"\0" * (size - len(PDF)), content_type="application/pdf")
    body = {"brand": "SKF", "valid_until": "2099-01-01", "document": big}
    response = _client(world.a.supplier_user).post("/api/v1/brand-authorizations/", body, format="multipart")
    assert response.status_code == 413
    assert set(response.json()) <= {"code", "detail", "errors"}
