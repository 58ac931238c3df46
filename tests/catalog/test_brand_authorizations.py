"""Brand authorisations: upload checked by content and size, staff review, what counts, `authorized`."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from catalog.models import BrandAuthorization, BrandAuthorizationEvent
from tests.catalog.factories import ListingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/brand-authorizations/"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(client, content: bytes = PDF, name: str = "letter.pdf", **fields):
    data = {"brand": "SKF", "valid_until": str(timezone.localdate() + timedelta(days=365)), **fields}
    data["document"] = SimpleUploadedFile(name, content)
    return client.post(URL, data, format="multipart")


def verified(client, staff_client, **fields) -> int:
    response = upload(client, **fields)
    assert response.status_code == 201, response.json()
    assert staff_client.post(f"{URL}{response.json()['id']}/verify/", {}, format="json").status_code == 200
    return response.json()["id"]


@pytest.mark.parametrize(("content", "name"), [(PDF, "a.pdf"), (PNG, "a.png"), (JPEG, "scan.bin")])
def test_supplier_uploads_pdf_png_or_jpeg(supplier_client, supplier, content, name) -> None:
    response = upload(supplier_client, content, name)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {"id", "brand", "status", "valid_until", "created_at"} <= set(body)
    assert (body["brand"], body["status"]) == ("SKF", "pending")
    authorization = BrandAuthorization.objects.get(pk=body["id"])
    assert authorization.supplier_id == supplier.pk
    assert list(authorization.events.values_list("from_status", "to_status")) == [("", "pending")]


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"GIF89a" + b"\x00" * 20, "a.pdf"), (b"just text, named pdf", "letter.pdf"), (b"PK\x03\x04", "x.png")],
)
def test_document_known_by_content_not_name(supplier_client, content, name) -> None:
    response = upload(supplier_client, content, name)
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file"
    assert not BrandAuthorization.objects.exists()


def test_empty_document_is_400(supplier_client) -> None:
    assert upload(supplier_client, b"").status_code == 400


def test_document_over_10_mib_is_413(supplier_client) -> None:
    response = upload(supplier_client, PDF + b"\x00" * (10 * 1024 * 1024))
    assert response.status_code == 413
    assert not BrandAuthorization.objects.exists()


def test_document_of_exactly_10_mib_is_accepted(supplier_client) -> None:
    assert upload(supplier_client, PDF + b"\x00" * (10 * 1024 * 1024 - len(PDF))).status_code == 201


@pytest.mark.parametrize(
    "fields", [{"brand": "NOPE"}, {"brand": ""}, {"valid_until": "soon"}, {"valid_until": "2020-01-01"}]
)
def test_bad_fields_are_400(supplier_client, fields) -> None:
    response = upload(supplier_client, **fields)
    assert response.status_code == 400
    assert not BrandAuthorization.objects.exists()


def test_missing_document_is_400(supplier_client) -> None:
    response = supplier_client.post(URL, {"brand": "SKF", "valid_until": "2030-01-01"}, format="multipart")
    assert response.status_code == 400


def test_buyer_cannot_upload_and_anonymous_is_401(buyer_client, api_client) -> None:
    assert upload(buyer_client).status_code == 403
    assert upload(api_client).status_code == 401


def test_list_shows_own_and_staff_sees_all(make_client, supplier_client, staff_client) -> None:
    other_client = make_client(ListingFactory().supplier)
    mine = upload(supplier_client).json()["id"]
    theirs = upload(other_client).json()["id"]
    assert [x["id"] for x in supplier_client.get(URL).json()["results"]] == [mine]
    assert {x["id"] for x in staff_client.get(URL).json()["results"]} == {mine, theirs}
    assert supplier_client.get(f"{URL}{theirs}/").status_code == 404


def test_verify_and_reject_are_staff_only(supplier_client, staff_client) -> None:
    pk = upload(supplier_client).json()["id"]
    assert supplier_client.post(f"{URL}{pk}/verify/", {}, format="json").status_code == 403
    assert supplier_client.post(f"{URL}{pk}/reject/", {"reason": "x"}, format="json").status_code == 403
    assert BrandAuthorization.objects.get(pk=pk).status == "pending"


def test_reject_records_reason_and_audit_row(supplier_client, staff_client) -> None:
    pk = upload(supplier_client).json()["id"]
    response = staff_client.post(f"{URL}{pk}/reject/", {"reason": "Letter not signed"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == ("rejected", "Letter not signed")
    event = BrandAuthorizationEvent.objects.filter(authorization_id=pk).last()
    assert (event.from_status, event.to_status, event.note) == ("pending", "rejected", "Letter not signed")
    assert event.actor == staff_client.user


def test_rejected_cannot_be_verified(supplier_client, staff_client) -> None:
    pk = upload(supplier_client).json()["id"]
    staff_client.post(f"{URL}{pk}/reject/", {"reason": "no"}, format="json")
    response = staff_client.post(f"{URL}{pk}/verify/", {}, format="json")
    assert response.status_code == 409
    assert BrandAuthorization.objects.get(pk=pk).status == "rejected"


def test_verified_authorisation_makes_listings_authorized(supplier_client, supplier, staff_client) -> None:
    skf = ListingFactory(supplier=supplier, brand="SKF")
    nsk = ListingFactory(supplier=supplier, brand="NSK", designation="6205DDU")
    others_skf = ListingFactory(brand="SKF")
    assert supplier_client.get(f"/api/v1/listings/{skf.pk}/").json()["authorized"] is False
    verified(supplier_client, staff_client)
    flags = {x["id"]: x["authorized"] for x in supplier_client.get("/api/v1/listings/").json()["results"]}
    assert flags == {skf.pk: True, nsk.pk: False, others_skf.pk: False}
    found = supplier_client.get("/api/v1/listings/?authorized=true").json()["results"]
    assert [x["id"] for x in found] == [skf.pk]
    unauthorized = supplier_client.get("/api/v1/listings/?authorized=false").json()["results"]
    assert {x["id"] for x in unauthorized} == {nsk.pk, others_skf.pk}


def test_pending_or_rejected_authorisation_does_not_count(supplier_client, supplier, staff_client) -> None:
    listing = ListingFactory(supplier=supplier, brand="SKF")
    pk = upload(supplier_client).json()["id"]
    assert supplier_client.get(f"/api/v1/listings/{listing.pk}/").json()["authorized"] is False
    staff_client.post(f"{URL}{pk}/reject/", {"reason": "fake"}, format="json")
    assert supplier_client.get("/api/v1/listings/?authorized=true").json()["results"] == []


def test_expired_authorisation_never_counts(supplier_client, supplier, staff_client) -> None:
    listing = ListingFactory(supplier=supplier, brand="SKF")
    pk = verified(supplier_client, staff_client)
    BrandAuthorization.objects.filter(pk=pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert supplier_client.get(f"/api/v1/listings/{listing.pk}/").json()["authorized"] is False
    assert supplier_client.get("/api/v1/listings/?authorized=true").json()["results"] == []


def test_authorisation_valid_through_its_last_day(supplier_client, supplier, staff_client) -> None:
    listing = ListingFactory(supplier=supplier, brand="SKF")
    pk = verified(supplier_client, staff_client)
    BrandAuthorization.objects.filter(pk=pk).update(valid_until=timezone.localdate())
    assert supplier_client.get(f"/api/v1/listings/{listing.pk}/").json()["authorized"] is True


def test_document_download_owner_and_staff_only(make_client, supplier_client, staff_client) -> None:
    pk = upload(supplier_client, PNG, "a.png").json()["id"]
    own = supplier_client.get(f"{URL}{pk}/document/")
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PNG
    assert own["Content-Type"] == "image/png"
    assert staff_client.get(f"{URL}{pk}/document/").status_code == 200
    stranger = make_client(ListingFactory().supplier)
    assert stranger.get(f"{URL}{pk}/document/").status_code == 404


def test_listing_search_with_authorized_stays_one_query(
    supplier_client, supplier, staff_client, django_assert_max_num_queries
) -> None:
    for n in range(5):
        ListingFactory(supplier=supplier, brand="SKF", sku=f"S{n}")
    verified(supplier_client, staff_client)
    # session/auth-free client: listing page + price-break prefetch + count
    with django_assert_max_num_queries(3):
        response = supplier_client.get("/api/v1/listings/?authorized=true")
    assert len(response.json()["results"]) == 5


@pytest.fixture
def admin_browser() -> Client:
    client = Client()
    client.user = UserFactory(organization=None, is_staff=True, is_superuser=True)
    client.force_login(client.user)
    return client


def test_admin_actions_verify_and_reject_through_the_service(supplier_client, admin_browser) -> None:
    first, second = upload(supplier_client).json()["id"], upload(supplier_client).json()["id"]
    changelist = "/admin/catalog/brandauthorization/"
    assert admin_browser.get(changelist).status_code == 200
    assert admin_browser.get(f"{changelist}{first}/change/").status_code == 200
    admin_browser.post(changelist, {"action": "verify", "_selected_action": [first]}, follow=True)
    admin_browser.post(changelist, {"action": "reject", "_selected_action": [second]}, follow=True)
    assert BrandAuthorization.objects.get(pk=first).status == "verified"
    assert BrandAuthorization.objects.get(pk=second).status == "rejected"
    event = BrandAuthorizationEvent.objects.filter(authorization_id=first).last()
    assert (event.to_status, event.actor_id) == ("verified", admin_browser.user.pk)


def test_admin_action_on_an_illegal_move_changes_nothing(supplier_client, admin_browser) -> None:
    pk = upload(supplier_client).json()["id"]
    admin_browser.post("/admin/catalog/brandauthorization/", {"action": "reject", "_selected_action": [pk]})
    response = admin_browser.post(
        "/admin/catalog/brandauthorization/", {"action": "verify", "_selected_action": [pk]}, follow=True
    )
    assert response.status_code == 200
    assert BrandAuthorization.objects.get(pk=pk).status == "rejected"


def test_upload_replays_with_the_same_idempotency_key(supplier_client) -> None:
    data = {"brand": "SKF", "valid_until": str(timezone.localdate() + timedelta(days=30))}
    first = supplier_client.post(
        URL, {**data, "document": SimpleUploadedFile("a.pdf", PDF)}, format="multipart", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = supplier_client.post(
        URL, {**data, "document": SimpleUploadedFile("a.pdf", PDF)}, format="multipart", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert BrandAuthorization.objects.count() == 1
