"""The stock-sheet template a supplier downloads: header row in the caller's language, one example row."""

from __future__ import annotations

import csv
import io

TEMPLATE_COLUMNS = (
    "sku",
    "brand",
    "designation",
    "quantity_available",
    "unit_price",
    "moq",
    "lead_time_days",
    "warehouse_city",
)
# The Chinese header each column goes by in a Chinese template (and in Chinese import messages).
CHINESE_TITLES = {
    "sku": "货号",
    "brand": "品牌",
    "designation": "型号",
    "quantity_available": "库存",
    "unit_price": "单价",
    "moq": "起订量",
    "lead_time_days": "货期",
    "warehouse_city": "仓库",
}
EXAMPLE = {
    "en": ("", "SKF", "6205-2RS C3", 100, "12.50", 10, 3, "Linqing"),
    "zh": ("", "瓦轴", "6205-2RS/C3", 100, "6.80", 10, 3, "临清"),
}


def column_title(column: str, *, english: bool) -> str:
    return column if english else CHINESE_TITLES.get(column, column)


def template_rows(language: str) -> list[list[object]]:
    english = not language.startswith("zh")
    header = [column_title(column, english=english) for column in TEMPLATE_COLUMNS]
    return [header, list(EXAMPLE["en" if english else "zh"])]


def template_csv(language: str) -> bytes:
    """UTF-8 with a BOM, so Excel opens the Chinese headers correctly."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(template_rows(language))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(language: str) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - only this download needs it

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "库存" if language.startswith("zh") else "Stock"
    for row in template_rows(language):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
