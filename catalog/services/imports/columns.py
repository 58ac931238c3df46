"""How traders write a stock sheet: header names (with units, in Chinese or English), title rows
above the header, and numbers such as `500套`, `1,200`, `12.5元`, `￥9.80`."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from catalog.services.inputs import SKU_MAX, fold_search_key

# Accepted header names, compared after folding (case, width, spaces, underscores and a unit in
# brackets ignored: `数量（套）` reads as 数量, `Unit price (CNY)` as unitprice).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "货号", "编码", "商品编码", "物料编码", "存货编码", "item code", "part number", "part no"),
    "brand": ("brand", "品牌", "牌子", "厂家", "make", "manufacturer"),
    "designation": ("designation", "型号", "规格", "规格型号", "型号规格", "轴承型号", "model", "bearing"),
    "quantity_available": (
        "quantity_available",
        "quantity",
        "qty",
        "stock",
        "库存",
        "数量",
        "库存数量",
        "可用库存",
        "现货数量",
        "存量",
    ),
    "unit_price": ("unit_price", "price", "unit price", "单价", "含税单价", "价格", "报价", "售价"),
    "moq": ("moq", "min order", "minimum order", "起订量", "最小起订量", "起订"),
    "lead_time_days": ("lead_time_days", "lead_time", "lead time", "交期", "交货期", "货期", "交期天数"),
    "warehouse_city": ("warehouse_city", "warehouse", "city", "location", "仓库", "所在地", "仓库城市", "发货地"),
}
REQUIRED_COLUMNS = ("brand", "designation", "quantity_available", "unit_price")
INTEGER_COLUMNS = ("quantity_available", "moq", "lead_time_days")
HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 2

_UNIT = re.compile(r"[(\[【].*?[)\]】]")
_CURRENCY = re.compile(r"^(?:[¥$]|rmb|cny)\s*", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
# Units a trader writes after a number: pieces, sets, yuan, days (and "/set" after a price).
_UNITS = {"套", "个", "件", "只", "粒", "盒", "支", "pcs", "pc", "元", "天", "日", "days", "day", "d", "rmb", "cny"}
_IN_STOCK = {"现货", "有货", "库存", "in stock", "stock"}


def header_key(text: Any) -> str:
    folded = unicodedata.normalize("NFKC", str(text or "")).lower()
    folded = _UNIT.sub("", folded)
    return "".join(folded.replace("_", " ").split())


ALIAS_TO_COLUMN = {header_key(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}


def header_columns(cells: list[Any]) -> dict[str, int]:
    """The known columns a row names, by position (the first of a repeated name wins)."""
    columns: dict[str, int] = {}
    for position, title in enumerate(cells):
        if not isinstance(title, str):
            continue
        column = ALIAS_TO_COLUMN.get(header_key(title))
        if column and column not in columns:
            columns[column] = position
    return columns


def is_header(cells: list[Any]) -> bool:
    return len(header_columns(cells)) >= MIN_HEADER_MATCHES


def trader_number(value: Any, column: str) -> Any:
    """`500套` → 500, `1,200` → 1200, `12.5元` / `￥9.80` → "12.5" / "9.80"; anything else unchanged."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    if column == "lead_time_days" and text.lower() in _IN_STOCK:
        return 0
    text = _CURRENCY.sub("", text)
    unit_start = len(text)
    for position, character in enumerate(text):
        if not (character.isdigit() or character in ".,+-"):
            unit_start = position
            break
    number, unit = text[:unit_start].strip(), text[unit_start:].strip().lower()
    if unit:
        unit = unit.split("/", 1)[0].strip()  # 12.5元/套
        if unit not in _UNITS:
            return value
    if _GROUPED.match(number):
        number = number.replace(",", "")
    if not _NUMBER.match(number):
        return value
    if column in INTEGER_COLUMNS and "." not in number:
        return int(number)
    return number


def derived_sku(*, brand_code: str, designation: str, warehouse_city: str) -> str:
    """A stable SKU for a row without one: brand, folded designation and warehouse city."""
    sku = f"{brand_code}-{fold_search_key(designation)}"
    city = "".join(unicodedata.normalize("NFKC", warehouse_city or "").split())
    if city:
        sku = f"{sku}-{city}"
    if len(sku) > SKU_MAX:
        digest = hashlib.sha256(sku.encode()).hexdigest()[:12]
        sku = f"{sku[: SKU_MAX - 13]}~{digest}"
    return sku
