import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from catalog.models import Listing, ListingImport
from catalog.services import listing_import_create, listing_import_process
from tests.catalog.factories import ListingFactory
from tests.factories import OrganizationFactory

URL = "/api/v1/listing-imports/"
HEADER = "sku,brand,designation,quantity_available,unit_price,moq,lead_time_days,warehouse_city\n"

pytestmark = pytest.mark.django_db


def upload(client, name: str, content: bytes, **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)}, format="multipart", **extra)


def run_import(client, name: str, content: bytes, capture) -> dict:
    with capture(execute=True):
        response = upload(client, name, content)
    assert response.status_code == 202, response.json()
    assert set(response.json()) == {"id", "status"}
    return client.get(f"{URL}{response.json()['id']}/").json()


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_utf8_import_creates_listings(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    content = (HEADER + "S1,SKF,6205-2RSH/C3,100,12.50,10,3,Linqing\nS2,NSK,6206DDU,5,8.8,,,\n").encode()
    body = run_import(supplier_client, "stock.csv", content, django_capture_on_commit_callbacks)
    assert body["status"] == "done"
    assert (body["total_rows"], body["processed_rows"], body["created"], body["updated"]) == (2, 2, 2, 0)
    assert body["errors"] == []
    listing = Listing.objects.get(supplier=supplier, sku="S1")
    assert (listing.canonical, listing.quantity_available, listing.moq) == ("6205-2RS C3", 100, 10)
    assert listing.base_unit_price == Decimal("12.50")
    assert list(listing.price_breaks.values_list("min_quantity", "unit_price")) == [(1, Decimal("12.50"))]
    assert Listing.objects.get(supplier=supplier, sku="S2").base_unit_price == Decimal("8.80")


def test_second_import_updates_by_sku(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    ListingFactory(supplier=supplier, sku="S1", designation="6204")
    content = (HEADER + "S1,SKF,6205,7,1.00,,,\n").encode()
    body = run_import(supplier_client, "stock.csv", content, django_capture_on_commit_callbacks)
    assert (body["created"], body["updated"]) == (0, 1)
    assert Listing.objects.get(supplier=supplier, sku="S1").designation == "6205"


def test_csv_with_utf8_bom(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    content = b"\xef\xbb\xbf" + (HEADER + "S1,SKF,6205,1,2.00,,,\n").encode()
    body = run_import(supplier_client, "bom.csv", content, django_capture_on_commit_callbacks)
    assert body["status"] == "done"
    assert body["created"] == 1


def test_gbk_csv_with_chinese_headers(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    text = "货号,品牌,型号,库存,含税单价,起订量,交期,仓库\nZ1,瓦轴,6205-2RS/C3,30,6.50,1,2,临清\n"
    body = run_import(supplier_client, "库存.csv", text.encode("gbk"), django_capture_on_commit_callbacks)
    assert body["status"] == "done", body
    listing = Listing.objects.get(supplier=supplier, sku="Z1")
    assert (listing.brand.code, listing.warehouse_city, listing.canonical) == ("ZWZ", "临清", "6205-2RS C3")


def test_xlsx_import(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    content = xlsx_bytes(
        [
            ["SKU", "Brand", "Designation", "Quantity_Available", "Unit_Price", "MOQ"],
            ["X1", "NSK", "6205DDUC3", 40, 12.5, 1],
            ["X2", "SKF", "22220 EK", 3.0, 900, None],
            [None, None, None, None, None, None],
        ]
    )
    body = run_import(supplier_client, "stock.xlsx", content, django_capture_on_commit_callbacks)
    assert body["status"] == "done", body
    assert body["created"] == 2
    assert Listing.objects.get(supplier=supplier, sku="X1").base_unit_price == Decimal("12.50")
    assert Listing.objects.get(supplier=supplier, sku="X2").canonical == "22220 K"


def test_bad_rows_are_named_by_row_and_column(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    content = (
        HEADER
        + "S1,SKF,6205,10,1.00,,,\n"
        + "S2,ACME,6205,10,1.00,,,\n"
        + "\n"
        + "S3,SKF,6205,lots,1.00,,,\n"
        + "S4,SKF,6205,10,-2,,,\n"
        + "S5,SKF,6205,10,,,,\n"
    ).encode()
    body = run_import(supplier_client, "stock.csv", content, django_capture_on_commit_callbacks)
    assert body["status"] == "done"
    assert body["created"] == 1
    rows = {(error["row"], error["message"].split(":")[0]) for error in body["errors"]}
    assert rows == {
        (3, "column brand"),
        (5, "column quantity_available"),
        (6, "column unit_price"),
        (7, "column unit_price"),
    }


def test_chinese_header_is_named_in_row_errors(supplier_client, django_capture_on_commit_callbacks) -> None:
    text = "货号,品牌,型号,库存,单价\nZ1,瓦轴,6205,30,0\n"
    body = run_import(supplier_client, "cn.csv", text.encode("utf-8"), django_capture_on_commit_callbacks)
    assert body["errors"][0]["row"] == 2
    assert body["errors"][0]["message"].startswith("column 单价 (unit_price):")


def test_missing_required_header_fails_the_import(supplier_client, django_capture_on_commit_callbacks) -> None:
    content = b"sku,brand,designation,quantity_available\nS1,SKF,6205,1\n"
    body = run_import(supplier_client, "stock.csv", content, django_capture_on_commit_callbacks)
    assert body["status"] == "failed"
    assert body["errors"][0]["row"] == 1
    assert "unit_price" in body["errors"][0]["message"]
    assert not Listing.objects.exists()


def test_file_without_header_row_fails(supplier_client, django_capture_on_commit_callbacks) -> None:
    body = run_import(supplier_client, "stock.csv", b"S1,SKF,6205,1,2.00\n", django_capture_on_commit_callbacks)
    assert body["status"] == "failed"
    assert body["errors"][0]["row"] == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("stock.txt", b"sku,brand\n"),
        ("stock.xls", b"\xd0\xcf\x11\xe0rest"),
        ("stock.csv", b"%PDF-1.4 binary"),
        ("stock.csv", b"PK\x03\x04zip"),
        ("stock.csv", b"sku\x00brand"),
        ("stock.xlsx", b"sku,brand,designation\n"),
        ("stock", b"sku,brand,designation\n"),
    ],
)
def test_wrong_file_type_is_400(supplier_client, name, content) -> None:
    response = upload(supplier_client, name, content)
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file"
    assert not ListingImport.objects.exists()


def test_zip_that_is_not_a_workbook_is_400(supplier_client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = upload(supplier_client, "stock.xlsx", buffer.getvalue())
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file"


def test_empty_file_is_400(supplier_client) -> None:
    response = upload(supplier_client, "stock.csv", b"")
    assert response.status_code == 400
    assert response.json()["code"] == "empty_file"


def test_missing_file_field_is_400(supplier_client) -> None:
    response = supplier_client.post(URL, {"other": "x"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_file_over_the_limit_is_413(supplier_client, settings) -> None:
    settings.MARKETPLACE_MAX_UPLOAD_BYTES = 100
    response = upload(supplier_client, "stock.csv", (HEADER + "S1,SKF,6205,1,2.00,,,\n" * 10).encode())
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_zip_bomb_is_refused_before_opening(supplier_client, settings) -> None:
    settings.MARKETPLACE_IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    assert len(buffer.getvalue()) < 100_000
    response = upload(supplier_client, "bomb.xlsx", buffer.getvalue())
    assert response.status_code == 413


def test_row_cap_fails_the_import(supplier_client, settings, django_capture_on_commit_callbacks) -> None:
    settings.MARKETPLACE_IMPORT_MAX_ROWS = 2
    content = (HEADER + "".join(f"S{n},SKF,6205,1,2.00,,,\n" for n in range(5))).encode()
    body = run_import(supplier_client, "stock.csv", content, django_capture_on_commit_callbacks)
    assert body["status"] == "failed"
    assert "rows" in body["errors"][0]["message"]


def test_buyer_cannot_import(buyer_client) -> None:
    assert upload(buyer_client, "stock.csv", HEADER.encode()).status_code == 403


def test_other_suppliers_import_is_404(supplier_client, make_client, django_capture_on_commit_callbacks) -> None:
    body = run_import(
        supplier_client, "stock.csv", (HEADER + "S1,SKF,6205,1,2,,,\n").encode(), django_capture_on_commit_callbacks
    )
    other = make_client(OrganizationFactory(kind="supplier"))
    assert other.get(f"{URL}{body['id']}/").status_code == 404
    assert supplier_client.get(f"{URL}{2**70}/").status_code == 404


def test_import_is_queued_until_commit(supplier_client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(supplier_client, "stock.csv", (HEADER + "S1,SKF,6205,1,2,,,\n").encode())
    assert response.json()["status"] == "queued"
    assert len(callbacks) == 1
    assert ListingImport.objects.get().status == "queued"


def test_upload_is_idempotent_with_key(supplier_client, django_capture_on_commit_callbacks) -> None:
    content = (HEADER + "S1,SKF,6205,1,2,,,\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(supplier_client, "stock.csv", content, HTTP_IDEMPOTENCY_KEY="imp-1")
        second = upload(supplier_client, "stock.csv", content, HTTP_IDEMPOTENCY_KEY="imp-1")
    assert first.json() == second.json()
    assert ListingImport.objects.count() == 1


def test_a_running_import_resumes_after_the_last_saved_chunk(supplier) -> None:
    content = (HEADER + "".join(f"S{n},SKF,6205,1,2.00,,,\n" for n in range(5))).encode()
    listing_import = listing_import_create(
        supplier=supplier, user=None, upload=SimpleUploadedFile("s.csv", content), enqueue=False
    )
    ListingImport.objects.filter(pk=listing_import.pk).update(status="running", processed_rows=3, created=3)
    result = listing_import_process(import_id=listing_import.pk)
    assert (result.status, result.processed_rows, result.created) == ("done", 5, 5)
    assert set(Listing.objects.values_list("sku", flat=True)) == {"S3", "S4"}


def test_finished_import_is_not_run_again(supplier) -> None:
    content = (HEADER + "S1,SKF,6205,1,2.00,,,\n").encode()
    listing_import = listing_import_create(
        supplier=supplier, user=None, upload=SimpleUploadedFile("s.csv", content), enqueue=False
    )
    listing_import_process(import_id=listing_import.pk)
    Listing.objects.all().delete()
    assert listing_import_process(import_id=listing_import.pk).status == "done"
    assert not Listing.objects.exists()


def test_management_command_imports_synchronously(supplier, tmp_path, capsys) -> None:
    path = tmp_path / "stock.csv"
    path.write_bytes((HEADER + "S1,SKF,6205,1,2.00,,,\nS2,SKF,6206,1,2.00,,,\n").encode())
    call_command("import_listings", str(path), "--supplier", str(supplier.pk))
    assert Listing.objects.filter(supplier=supplier).count() == 2
    assert "created 2" in capsys.readouterr().out
