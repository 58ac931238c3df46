"""Drawings behind the NDA: upload checks, the gate against every role, and the access log."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.custom.choices import DRAWING_MAX_BYTES
from marketplace.custom.models import Drawing, DrawingAccess
from tests.custom.conftest import PDF, REQUESTS, pdf
from tests.custom.test_drawing_kinds import DXF
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def drawing_url(request, drawing):
    return f"{REQUESTS}{request['id']}/drawings/{drawing['id']}/"


def content(response):
    return b"".join(response.streaming_content)


def upload(client, request, name, data):
    return client.post(
        f"{REQUESTS}{request['id']}/drawings/", {"file": SimpleUploadedFile(name, data)}, format="multipart"
    )


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("ring.pdf", PDF, "pdf"),
        ("ring.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "png"),
        ("ring.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "jpeg"),
        ("ring.dwg", b"AC1027" + b"\x00" * 64, "dwg"),
        ("ring.stp", b"ISO-10303-21;\nHEADER;\nENDSEC;\n", "step"),
        ("ring.dxf", DXF, "dxf"),
    ],
)
def test_owner_uploads_each_kind_and_gets_it_back(buyer_client, open_request, name, data, kind):
    request = open_request()
    response = upload(buyer_client, request, name, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["filename"], body["size"], body["kind"]) == (name, len(data), kind)
    download = buyer_client.get(drawing_url(request, body))
    assert download.status_code == 200
    assert content(download) == data
    assert name in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert buyer_client.get(f"{REQUESTS}{request['id']}/").json()["drawings"][0]["id"] == body["id"]


def test_drawing_is_stored_under_a_random_name_in_media_root(buyer_client, open_request, settings):
    request = open_request()
    body = upload(buyer_client, request, "../../secret plan.pdf", PDF).json()
    drawing = Drawing.objects.get(pk=body["id"])
    assert body["filename"] == "secret plan.pdf"
    path = Path(drawing.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "secret" not in path.name
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ring.pdf", b"GIF89a not a drawing"),
        ("ring.exe", b"MZ\x90\x00\x03"),
        ("ring.zip", b"PK\x03\x04\x14\x00"),
        ("ring.dxf", b"just some text\nthat is not DXF\n"),
        ("ring.svg", b"<svg/>"),
    ],
)
def test_a_file_of_the_wrong_kind_is_400(buyer_client, open_request, name, data):
    response = upload(buyer_client, open_request(), name, data)
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file"
    assert not Drawing.objects.exists()


def test_an_empty_file_is_400(buyer_client, open_request):
    response = upload(buyer_client, open_request(), "ring.pdf", b"")
    assert response.status_code == 400
    assert not Drawing.objects.exists()


def test_no_file_is_400(buyer_client, open_request):
    request = open_request()
    response = buyer_client.post(f"{REQUESTS}{request['id']}/drawings/", {"name": "x"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    json_body = buyer_client.post(f"{REQUESTS}{request['id']}/drawings/", {"file": "x"}, format="json")
    assert json_body.status_code == 415


def test_a_file_over_20_mib_is_413(buyer_client, open_request):
    response = upload(buyer_client, open_request(), "big.pdf", PDF + b"\x00" * (DRAWING_MAX_BYTES + 1 - len(PDF)))
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert not Drawing.objects.exists()


def test_a_file_of_exactly_20_mib_is_accepted(buyer_client, open_request):
    response = upload(buyer_client, open_request(), "big.pdf", PDF + b"\x00" * (DRAWING_MAX_BYTES - len(PDF)))
    assert response.status_code == 201
    assert response.json()["size"] == DRAWING_MAX_BYTES


def test_only_the_owner_uploads(maker_client, drawing):
    request, _drawing = drawing
    response = maker_client.post(f"{REQUESTS}{request['id']}/drawings/", {"file": pdf()}, format="multipart")
    assert response.status_code == 403
    assert Drawing.objects.count() == 1


def test_nda_gate_for_the_invited_supplier(maker, maker_client, buyer_client, drawing):
    request, body = drawing
    assert maker_client.get(f"{REQUESTS}{request['id']}/").json()["nda_accepted"] is False
    assert buyer_client.get(f"{REQUESTS}{request['id']}/").json()["nda_accepted"] is None
    before = maker_client.get(drawing_url(request, body))
    assert before.status_code == 403
    assert before.json()["code"] == "nda_required"
    accepted = maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/", format="json")
    assert accepted.status_code == 200
    assert (accepted.json()["supplier"], accepted.json()["custom_request"]) == (maker.pk, request["id"])
    after = maker_client.get(drawing_url(request, body))
    assert after.status_code == 200
    assert content(after) == PDF
    assert maker_client.get(f"{REQUESTS}{request['id']}/").json()["nda_accepted"] is True
    assert maker_client.get(REQUESTS).json()["results"][0]["nda_accepted"] is True


def test_access_log_records_acceptance_and_every_download(buyer_client, maker, maker_client, drawing):
    request, body = drawing
    maker_client.get(drawing_url(request, body))  # refused: not logged
    maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/")
    maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/")  # repeated: logged once
    maker_client.get(drawing_url(request, body))
    maker_client.get(drawing_url(request, body))
    buyer_client.get(drawing_url(request, body))  # the owner's own reading is not a disclosure
    log = buyer_client.get(f"{REQUESTS}{request['id']}/access-log/")
    assert log.status_code == 200
    entries = log.json()
    assert [e["action"] for e in entries] == ["nda_accepted", "downloaded", "downloaded"]
    assert {e["supplier"] for e in entries} == {maker.pk}
    assert {e["user"] for e in entries} == {maker_client.user.username}
    assert all(e["at"] for e in entries)
    assert entries[1]["drawing"] == body["id"]


def test_each_user_of_the_supplier_is_logged(buyer_client, maker, maker_client, make_client, drawing):
    request, body = drawing
    colleague = make_client(maker)
    maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/")
    assert colleague.get(drawing_url(request, body)).status_code == 200  # the organisation accepted
    colleague.post(f"{REQUESTS}{request['id']}/accept-nda/")
    users = [(e["user"], e["action"]) for e in buyer_client.get(f"{REQUESTS}{request['id']}/access-log/").json()]
    assert users == [
        (maker_client.user.username, "nda_accepted"),
        (colleague.user.username, "downloaded"),
        (colleague.user.username, "nda_accepted"),
    ]


def test_not_invited_roles_get_404_for_drawings(api_client, outsider_client, make_client, staff_client, drawing):
    request, body = drawing
    other_buyer = make_client(OrganizationFactory(kind="buyer", status="verified"))
    pending_supplier = make_client(OrganizationFactory(kind="supplier", status="pending"))
    for client in (outsider_client, other_buyer, staff_client, pending_supplier):
        assert client.get(drawing_url(request, body)).status_code == 404
        assert client.post(f"{REQUESTS}{request['id']}/accept-nda/").status_code == 404
        assert client.get(f"{REQUESTS}{request['id']}/access-log/").status_code == 404
        uploaded = client.post(f"{REQUESTS}{request['id']}/drawings/", {"file": pdf()}, format="multipart")
        assert uploaded.status_code == 404
    assert api_client.get(drawing_url(request, body)).status_code == 401
    assert api_client.post(f"{REQUESTS}{request['id']}/accept-nda/").status_code == 401
    assert not DrawingAccess.objects.exists()


def test_owner_does_not_accept_an_nda(buyer_client, drawing):
    request, _body = drawing
    assert buyer_client.post(f"{REQUESTS}{request['id']}/accept-nda/").status_code == 403


def test_invited_supplier_cannot_read_the_access_log(maker_client, drawing):
    request, _body = drawing
    maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/")
    assert maker_client.get(f"{REQUESTS}{request['id']}/access-log/").status_code == 403


def test_drawing_of_another_request_is_404(buyer_client, maker_client, open_request, drawing):
    request, body = drawing
    other = open_request()
    maker_client.post(f"{REQUESTS}{other['id']}/accept-nda/")
    assert maker_client.get(drawing_url(other, body)).status_code == 404
    assert buyer_client.get(drawing_url(other, body)).status_code == 404
    assert buyer_client.get(f"{REQUESTS}{request['id']}/drawings/999999/").status_code == 404


def test_cancelled_request_stops_sharing_drawings(buyer_client, maker_client, drawing):
    request, body = drawing
    maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/")
    buyer_client.post(f"{REQUESTS}{request['id']}/cancel/")
    assert maker_client.get(drawing_url(request, body)).status_code == 409
    assert buyer_client.get(drawing_url(request, body)).status_code == 200


def test_missing_file_on_disk_is_404_and_not_logged(buyer_client, maker_client, drawing):
    request, body = drawing
    maker_client.post(f"{REQUESTS}{request['id']}/accept-nda/")
    Path(Drawing.objects.get(pk=body["id"]).file.path).unlink()
    assert maker_client.get(drawing_url(request, body)).status_code == 404
    assert not DrawingAccess.objects.filter(action="downloaded").exists()
