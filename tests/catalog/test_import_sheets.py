"""Stock sheets as traders keep them: title rows, units in headers and cells, several worksheets,
no SKU column; re-imports that never erase what a sheet omits; the template; messages in the
requester's language."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from catalog.models import Listing
from tests.catalog.factories import ListingFactory

URL = "/api/v1/listing-imports/"
TEMPLATE_URL = "/api/v1/listing-imports/template/"

pytestmark = pytest.mark.django_db


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(client, name: str, content: bytes, capture, **extra) -> dict:
    with capture(execute=True):
        response = client.post(URL, {"file": SimpleUploadedFile(name, content)}, format="multipart", **extra)
    assert response.status_code == 202, response.json()
    return client.get(f"{URL}{response.json()['id']}/", **extra).json()


TRADER_SHEETS = {
    "轴承库存": [
        ["临清市恒达轴承经销部 库存表", None, None, None, None, None, None, None],
        ["更新日期：2026-11-28    电话：0635-1234567", None, None, None, None, None, None, None],
        [None] * 8,
        ["品牌", "型号", "数量（套）", "单价（元）", "起订量", "货期", "仓库", "备注"],
        ["NSK", "6205DDU", "500套", "￥9.80", "10套", "现货", "临清", "原装"],
        ["哈轴", "6206-2RS", "1,200", "12.5元", 1, "3天", "临清", None],
        ["SKF", "22220 EK", 8, 1280, None, 15, "临清", "大件"],
    ],
    "Import stock": [
        ["Stock list November"],
        ["Brand", "Model", "Qty (pcs)", "Unit price (CNY)", "MOQ", "Lead time (days)", "Warehouse"],
        ["FAG", "6308-2Z-C3", "2,000", "¥45.00", 50, 7, "Shanghai"],
    ],
    "说明": [["本表仅供参考，价格含税。"], ["联系人：王经理"]],
}


def test_a_whole_trader_workbook_imports(supplier_client, supplier, django_capture_on_commit_callbacks) -> None:
    body = run_import(supplier_client, "库存.xlsx", workbook_bytes(TRADER_SHEETS), django_capture_on_commit_callbacks)
    assert body["status"] == "done", body
    assert (body["created"], body["updated"], body["errors"]) == (4, 0, [])
    listings = {(item.brand.code, item.designation): item for item in Listing.objects.filter(supplier=supplier)}
    nsk = listings[("NSK", "6205DDU")]
    assert (nsk.quantity_available, nsk.base_unit_price, nsk.moq, nsk.lead_time_days) == (500, Decimal("9.80"), 10, 0)
    assert nsk.warehouse_city == "临清"
    hrb = listings[("HRB", "6206-2RS")]
    assert (hrb.quantity_available, hrb.base_unit_price, hrb.lead_time_days) == (1200, Decimal("12.50"), 3)
    assert listings[("SKF", "22220 EK")].base_unit_price == Decimal("1280.00")
    fag = listings[("FAG", "6308-2Z-C3")]
    assert (fag.quantity_available, fag.base_unit_price, fag.moq) == (2000, Decimal("45.00"), 50)
    # The notes sheet has content but no header: said, not silently dropped.
    assert [(w["sheet"], w["row"]) for w in body["warnings"]] == [("说明", 1)]
    assert "说明" in body["warnings"][0]["message"]


def test_the_same_sheet_twice_updates_without_duplicates(
    supplier_client, supplier, django_capture_on_commit_callbacks
) -> None:
    content = workbook_bytes(TRADER_SHEETS)
    run_import(supplier_client, "a.xlsx", content, django_capture_on_commit_callbacks)
    skus = set(Listing.objects.filter(supplier=supplier).values_list("sku", flat=True))
    body = run_import(supplier_client, "a.xlsx", content, django_capture_on_commit_callbacks)
    assert (body["created"], body["updated"]) == (0, 4)
    assert set(Listing.objects.filter(supplier=supplier).values_list("sku", flat=True)) == skus
    assert "NSK-6205DDU-临清" in skus


def test_reimport_without_optional_columns_keeps_them_and_the_larger_price_breaks(
    supplier_client, supplier, django_capture_on_commit_callbacks
) -> None:
    breaks = [{"min_quantity": 5, "unit_price": "10.00"}, {"min_quantity": 100, "unit_price": "8.00"}]
    ListingFactory(supplier=supplier, sku="HD-1", moq=5, lead_time_days=9, warehouse_city="临清", price_breaks=breaks)
    content = workbook_bytes({"库存": [["货号", "品牌", "型号", "库存", "单价"], ["HD-1", "SKF", "6205", 77, "9.50"]]})
    body = run_import(supplier_client, "s.xlsx", content, django_capture_on_commit_callbacks)
    assert (body["status"], body["updated"]) == ("done", 1)
    listing = Listing.objects.get(supplier=supplier, sku="HD-1")
    assert (listing.quantity_available, listing.moq, listing.lead_time_days, listing.warehouse_city) == (
        77,
        5,
        9,
        "临清",
    )
    assert list(listing.price_breaks.order_by("min_quantity").values_list("min_quantity", "unit_price")) == [
        (5, Decimal("9.50")),
        (100, Decimal("8.00")),
    ]
    assert (listing.base_unit_price, listing.min_unit_price) == (Decimal("9.50"), Decimal("8.00"))


def test_a_blank_optional_cell_keeps_the_listing_value(
    supplier_client, supplier, django_capture_on_commit_callbacks
) -> None:
    ListingFactory(supplier=supplier, sku="B-1", moq=20, lead_time_days=4, warehouse_city="临清")
    ListingFactory(supplier=supplier, sku="B-2", moq=20, lead_time_days=4, warehouse_city="临清")
    content = "sku,brand,designation,quantity_available,unit_price,moq,lead_time_days,warehouse_city\n"
    content += "B-1,SKF,6205,3,9.00,,,\nB-2,SKF,6205,3,9.00,30,,聊城\n"
    run_import(supplier_client, "s.csv", content.encode(), django_capture_on_commit_callbacks)
    first, second = Listing.objects.get(sku="B-1"), Listing.objects.get(sku="B-2")
    assert (first.moq, first.lead_time_days, first.warehouse_city) == (20, 4, "临清")
    assert (second.moq, second.lead_time_days, second.warehouse_city) == (30, 4, "聊城")


def test_bad_rows_are_named_by_sheet_row_and_sheet(supplier_client, django_capture_on_commit_callbacks) -> None:
    sheets = {
        "A": [
            ["库存表"],
            ["品牌", "型号", "库存", "单价"],
            ["SKF", "6205", 5, "1.00"],
            ["SKF", "6206", "很多", "1.00"],
        ],
        "B": [["品牌", "型号", "库存", "单价"], ["NSK", "6207", 5, "1.00"], ["ACME", "6207", 5, "1.00"]],
    }
    body = run_import(supplier_client, "s.xlsx", workbook_bytes(sheets), django_capture_on_commit_callbacks)
    assert body["created"] == 2
    assert [(e["sheet"], e["row"]) for e in body["errors"]] == [("A", 4), ("B", 3)]


def test_duplicate_derived_sku_names_the_first_row(supplier_client, django_capture_on_commit_callbacks) -> None:
    content = "品牌,型号,库存,单价\nSKF,6205-2RS,5,1.00\nSKF,6205 2RS,6,1.00\n".encode()
    body = run_import(supplier_client, "s.csv", content, django_capture_on_commit_callbacks)
    assert body["created"] == 1
    assert body["errors"][0]["row"] == 3
    assert "row 2" in body["errors"][0]["message"]
    assert "item" not in body["errors"][0]["message"]


def test_unrecognised_designations_are_imported_with_a_warning(
    supplier_client, supplier, django_capture_on_commit_callbacks
) -> None:
    content = "品牌,型号,库存,单价\nSKF,6205,5,1.00\nSKF,XYZ-SPECIAL-99,6,1.00\n".encode()
    body = run_import(supplier_client, "s.csv", content, django_capture_on_commit_callbacks)
    assert (body["created"], body["errors"]) == (2, [])
    assert [w["row"] for w in body["warnings"]] == [3]
    assert "XYZ-SPECIAL-99" in body["warnings"][0]["message"]


def test_a_workbook_with_no_readable_sheet_fails_and_says_why(
    supplier_client, django_capture_on_commit_callbacks
) -> None:
    sheets = {"A": [["库存表"], ["品牌", "型号", "库存"], ["SKF", "6205", 5]], "B": [["备注"]]}
    body = run_import(supplier_client, "s.xlsx", workbook_bytes(sheets), django_capture_on_commit_callbacks)
    assert body["status"] == "failed"
    assert (body["errors"][0]["sheet"], body["errors"][0]["row"]) == ("A", 2)
    assert "unit_price" in body["errors"][0]["message"]


def test_messages_follow_the_requesters_language(supplier_client, django_capture_on_commit_callbacks) -> None:
    content = "品牌,型号,库存,单价\nSKF,6205,很多,1.00\n".encode()
    body = run_import(
        supplier_client, "s.csv", content, django_capture_on_commit_callbacks, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert body["language"] == "zh-hans"
    assert body["errors"][0]["message"] == "列“库存”：请填写有效的整数。"
    sheets = {"A": [["库存表"], ["品牌", "型号", "库存"], ["SKF", "6205", 5]]}
    failed = run_import(
        supplier_client,
        "s.xlsx",
        workbook_bytes(sheets),
        django_capture_on_commit_callbacks,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert failed["errors"][0]["message"] == "缺少必填列：单价。"
    noted = "品牌,型号,库存,单价\nSKF,XYZ-1,5,1.00\nSKF,6205,5,1.00\nSKF,6205,5,1.00\n".encode()
    warned = run_import(
        supplier_client, "w.csv", noted, django_capture_on_commit_callbacks, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert warned["warnings"][0]["message"] == "型号“XYZ-1”未能识别，已按原文导入。"
    assert warned["errors"][0]["message"] == "列“货号”：货号重复，首次出现在第 3 行。"
    english = run_import(supplier_client, "s.csv", content, django_capture_on_commit_callbacks)
    assert english["errors"][0]["message"] == "column 库存 (quantity_available): A valid integer is required."


@pytest.mark.parametrize(("language", "first_header"), [("en", "sku"), ("zh-hans", "货号")])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_template_imports_unchanged_as_one_listing(  # noqa: PLR0917 - fixtures and parameters
    supplier_client, supplier, django_capture_on_commit_callbacks, language, first_header, file_format
) -> None:
    response = supplier_client.get(TEMPLATE_URL, {"format": file_format}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f"listings-template.{file_format}" in response["Content-Disposition"]
    if file_format == "csv":
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0][0] == first_header
    assert len(rows) == 2
    body = run_import(
        supplier_client,
        f"template.{file_format}",
        response.content,
        django_capture_on_commit_callbacks,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert (body["status"], body["created"], body["errors"], body["warnings"]) == ("done", 1, [], [])
    assert Listing.objects.filter(supplier=supplier).count() == 1


def test_template_unknown_format_is_400_and_buyers_403(supplier_client, buyer_client) -> None:
    response = supplier_client.get(TEMPLATE_URL, {"format": "pdf"})
    assert response.status_code == 400
    assert "format" in response.json()["errors"]
    assert buyer_client.get(TEMPLATE_URL, {"format": "csv"}).status_code == 403


def test_accepted_column_names_are_in_the_schema(api_client) -> None:
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    description = schema["paths"]["/api/v1/listing-imports/"]["post"]["description"]
    for name in ("型号", "品牌", "库存", "单价", "起订量", "货期", "仓库", "quantity_available"):
        assert name in description
