"""Evidence files: known by content, size-capped, kept privately, served only to the parties and staff."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from orders.claims.models import ClaimEvidence
from orders.models import Order

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"%" * 64


def upload(client: APIClient, claim: dict, content: bytes, name: str, content_type: str = "image/png") -> object:
    return client.post(
        f"/api/v1/claims/{claim['id']}/evidence/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "note": "Photo of the raceway"},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [(PNG, "a.png", "image/png"), (JPEG, "b.txt", "image/jpeg"), (PDF, "c.jpg", "application/pdf")],
)
def test_either_party_uploads_evidence_known_by_its_content(  # noqa: PLR0917 - fixtures
    buyer_client: APIClient,
    supplier_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
    content: bytes,
    name: str,
    expected: str,
) -> None:
    claim = file_claim(settled_order)
    for client in (buyer_client, supplier_client):
        response = upload(client, claim, content, name, content_type="text/plain")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert set(body) >= {"id", "filename", "size", "content_type", "uploaded_at"}
        assert (body["filename"], body["size"], body["content_type"]) == (name, len(content), expected)


def test_evidence_is_stored_outside_the_web_root(
    buyer_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order)
    upload(buyer_client, claim, PNG, "../../etc/passwd.png")
    evidence = ClaimEvidence.objects.get()
    path = Path(evidence.file.path).resolve()
    assert path.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(django_settings.STATIC_ROOT).resolve())
    assert "passwd" not in path.name
    assert evidence.filename == "passwd.png"


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (b"GIF89a" + b"\x00" * 20, "x.png", "image/png"),
        (b"<html><script>alert(1)</script>", "x.pdf", "application/pdf"),
        (b"PK\x03\x04 zip", "x.jpg", "image/jpeg"),
        (b"", "empty.png", "image/png"),
    ],
)
def test_anything_else_is_400(  # noqa: PLR0917 - fixtures
    buyer_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
    content: bytes,
    name: str,
    content_type: str,
) -> None:
    claim = file_claim(settled_order)
    response = upload(buyer_client, claim, content, name, content_type)
    assert response.status_code == 400
    assert not ClaimEvidence.objects.exists()


def test_more_than_ten_mebibytes_is_413(buyer_client: APIClient, settled_order: Order, file_claim: Callable) -> None:
    claim = file_claim(settled_order)
    at_limit = PNG + b"\x00" * (10 * 1024 * 1024 - len(PNG))
    assert upload(buyer_client, claim, at_limit, "ok.png").status_code == 201
    response = upload(buyer_client, claim, at_limit + b"\x00", "big.png")
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert ClaimEvidence.objects.count() == 1


def test_no_file_is_400(buyer_client: APIClient, settled_order: Order, file_claim: Callable) -> None:
    claim = file_claim(settled_order)
    response = buyer_client.post(f"/api/v1/claims/{claim['id']}/evidence/", {"note": "x"}, format="multipart")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["file"])


def test_staff_and_strangers_cannot_upload(
    staff_client: APIClient, stranger_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order)
    assert upload(stranger_client, claim, PNG, "a.png").status_code == 404
    assert upload(staff_client, claim, PNG, "a.png").status_code == 403


def test_no_evidence_once_the_claim_has_ended(
    buyer_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order)
    buyer_client.post(f"/api/v1/claims/{claim['id']}/withdraw/")
    assert upload(buyer_client, claim, PNG, "a.png").status_code == 409
    assert not ClaimEvidence.objects.exists()


def test_parties_and_staff_download_strangers_get_404(  # noqa: PLR0917 - fixtures
    buyer_client: APIClient,
    supplier_client: APIClient,
    staff_client: APIClient,
    stranger_client: APIClient,
    settled_order: Order,
    file_claim: Callable,
) -> None:
    claim = file_claim(settled_order)
    evidence = upload(supplier_client, claim, PDF, "test report.pdf").json()
    url = f"/api/v1/claims/{claim['id']}/evidence/{evidence['id']}/"
    for client in (buyer_client, supplier_client, staff_client):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert 'attachment; filename="test report.pdf"' in response["Content-Disposition"]
    assert stranger_client.get(url).status_code == 404
    assert stranger_client.get(f"/api/v1/claims/{claim['id']}/evidence/").status_code == 404
    listed = buyer_client.get(f"/api/v1/claims/{claim['id']}/evidence/").json()
    assert [item["id"] for item in listed] == [evidence["id"]]


def test_evidence_of_another_claim_is_404(buyer_client: APIClient, settled_order: Order, file_claim: Callable) -> None:
    claim = file_claim(settled_order)
    evidence = upload(buyer_client, claim, PNG, "a.png").json()
    assert buyer_client.get(f"/api/v1/claims/{claim['id']}/evidence/{evidence['id'] + 1}/").status_code == 404


def test_evidence_whose_file_is_gone_is_404(
    buyer_client: APIClient, settled_order: Order, file_claim: Callable
) -> None:
    claim = file_claim(settled_order)
    evidence = upload(buyer_client, claim, PNG, "a.png").json()
    Path(ClaimEvidence.objects.get(pk=evidence["id"]).file.path).unlink()
    assert buyer_client.get(f"/api/v1/claims/{claim['id']}/evidence/{evidence['id']}/").status_code == 404
