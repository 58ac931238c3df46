"""Validation of listing input from every channel (API, bulk, spreadsheet) in one place.

Hand-written rather than a DRF serializer because the spreadsheet import runs it on a million
rows: it must cost microseconds per row. Errors use the API's field names, nested as
`price_breaks.0.unit_price`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from catalog.designations import normalize_brand
from catalog.models import Brand
from marketplace.core.limits import MAX_LEAD_TIME_DAYS, MAX_QUANTITY
from marketplace.core.money import CENT

MAX_PRICE_BREAKS = 20
MAX_PRICE = Decimal("999999999999.99")
SKU_MAX = 64
DESIGNATION_MAX = 120
CITY_MAX = 100
MAX_INT_TEXT = 32

Errors = dict[str, list[str]]


@dataclass(slots=True)
class ListingInput:
    """One validated listing as a supplier stated it (before parsing the designation)."""

    sku: str
    brand: Brand
    designation: str
    quantity_available: int
    moq: int
    lead_time_days: int
    warehouse_city: str
    price_breaks: list[tuple[int, Decimal]]

    @property
    def base_unit_price(self) -> Decimal:
        return self.price_breaks[0][1]

    @property
    def min_unit_price(self) -> Decimal:
        """The lowest break price: a lower bound of the price at any quantity."""
        return min(price for _quantity, price in self.price_breaks)


class BrandResolver:
    """Brand by code, Latin or Chinese name or alias, case-insensitive; loaded with one query."""

    def __init__(self) -> None:
        self._by_key: dict[str, Brand] = {}
        self._by_code: dict[str, Brand] = {}
        for brand in Brand.objects.all():
            self._by_code[brand.code] = brand
            for alias in (brand.code, brand.name, brand.name_zh, *(brand.aliases or [])):
                if isinstance(alias, str) and alias.strip():
                    self._by_key.setdefault(_brand_key(alias), brand)

    def resolve(self, text: str) -> Brand | None:
        found = self._by_key.get(_brand_key(text))
        if found is not None:
            return found
        code = normalize_brand(text)
        return self._by_code.get(code) if code else None


def _brand_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).upper().split())


def fold_search_key(text: str) -> str:
    """Designation text folded to upper-case letters and digits ("6205-2rs/c3" → "62052RSC3")."""
    text = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in text if ch.isalnum())[:DESIGNATION_MAX]


def _text(value: Any, name: str, max_length: int, errors: Errors, *, allow_blank: bool = False) -> str | None:
    if value is None:
        if allow_blank:
            return ""
        errors[name] = [_("This field may not be null.")]
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        errors[name] = [_("Not a valid string.")]
        return None
    text = str(value).strip()
    if not text and not allow_blank:
        errors[name] = [_("This field may not be blank.")]
        return None
    if len(text) > max_length:
        errors[name] = [_("Ensure this field has no more than %(n)d characters.") % {"n": max_length}]
        return None
    return text


def _integer(value: Any, name: str, min_value: int, max_value: int, errors: Errors) -> int | None:
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and len(value) <= MAX_INT_TEXT:
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    if number is None:
        errors[name] = [_("A valid integer is required.")]
        return None
    if number < min_value:
        errors[name] = [_("Ensure this value is greater than or equal to %(n)d.") % {"n": min_value}]
        return None
    if number > max_value:
        errors[name] = [_("Ensure this value is less than or equal to %(n)d.") % {"n": max_value}]
        return None
    return number


def _price(value: Any, name: str, errors: Errors) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        errors[name] = [_("A valid number is required.")]
        return None
    try:
        price = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        errors[name] = [_("A valid number is required.")]
        return None
    if not price.is_finite():
        errors[name] = [_("A valid number is required.")]
    elif price <= 0:
        errors[name] = [_("Ensure this value is greater than 0.")]
    elif price > MAX_PRICE:
        errors[name] = [_("Ensure this value is less than or equal to %(n)s.") % {"n": MAX_PRICE}]
    elif price != price.quantize(CENT):
        errors[name] = [_("Ensure that there are no more than 2 decimal places.")]
    else:
        return price.quantize(CENT)
    return None


def _price_breaks(value: Any, errors: Errors) -> list[tuple[int, Decimal]] | None:
    if not isinstance(value, list):
        errors["price_breaks"] = [_("Expected a list of price breaks.")]
        return None
    if not value:
        errors["price_breaks"] = [_("At least one price break is required.")]
        return None
    if len(value) > MAX_PRICE_BREAKS:
        errors["price_breaks"] = [_("At most %(n)d price breaks.") % {"n": MAX_PRICE_BREAKS}]
        return None
    breaks: list[tuple[int, Decimal]] = []
    for index, item in enumerate(value):
        prefix = f"price_breaks.{index}"
        if not isinstance(item, Mapping):
            errors[prefix] = [_("Expected an object with min_quantity and unit_price.")]
            continue
        for key in ("min_quantity", "unit_price"):
            if key not in item:
                errors[f"{prefix}.{key}"] = [_("This field is required.")]
        min_quantity = _integer(item.get("min_quantity"), f"{prefix}.min_quantity", 1, MAX_QUANTITY, errors)
        unit_price = _price(item.get("unit_price"), f"{prefix}.unit_price", errors)
        if min_quantity is not None and unit_price is not None:
            breaks.append((min_quantity, unit_price))
    if len(breaks) != len(value):
        return None
    if len({q for q, _price in breaks}) != len(breaks):
        errors["price_breaks"] = [_("min_quantity values must be distinct.")]
        return None
    return sorted(breaks)


FIELDS = ("sku", "brand", "designation", "quantity_available", "moq", "lead_time_days", "warehouse_city")
REQUIRED = ("sku", "brand", "designation", "quantity_available", "price_breaks")


def listing_input_clean(
    raw: Any, *, brands: BrandResolver, current: ListingInput | None = None
) -> tuple[ListingInput | None, Errors]:
    """Validate one listing; with `current` the input is partial (PATCH) and fills in from it."""
    errors: Errors = {}
    if not isinstance(raw, Mapping):
        return None, {"non_field_errors": [_("Expected an object.")]}
    if current is None:
        for name in REQUIRED:
            if name not in raw:
                errors[name] = [_("This field is required.")]

    def given(name: str) -> bool:
        return name in raw

    sku = _text(raw.get("sku"), "sku", SKU_MAX, errors) if given("sku") else (current.sku if current else None)
    designation = (
        _text(raw.get("designation"), "designation", DESIGNATION_MAX, errors)
        if given("designation")
        else (current.designation if current else None)
    )
    brand: Brand | None = current.brand if current else None
    if given("brand"):
        brand_text = _text(raw.get("brand"), "brand", 100, errors)
        if brand_text is not None:
            brand = brands.resolve(brand_text)
            if brand is None:
                errors["brand"] = [_('Unknown brand "%(brand)s".') % {"brand": brand_text}]
    quantity = (
        _integer(raw.get("quantity_available"), "quantity_available", 0, MAX_QUANTITY, errors)
        if given("quantity_available")
        else (current.quantity_available if current else None)
    )
    moq = _integer(raw.get("moq"), "moq", 1, MAX_QUANTITY, errors) if given("moq") else (current.moq if current else 1)
    lead_time = (
        _integer(raw.get("lead_time_days"), "lead_time_days", 0, MAX_LEAD_TIME_DAYS, errors)
        if given("lead_time_days")
        else (current.lead_time_days if current else 0)
    )
    city = (
        _text(raw.get("warehouse_city"), "warehouse_city", CITY_MAX, errors, allow_blank=True)
        if given("warehouse_city")
        else (current.warehouse_city if current else "")
    )
    breaks = (
        _price_breaks(raw.get("price_breaks"), errors)
        if given("price_breaks")
        else (current.price_breaks if current else None)
    )
    if breaks and moq is not None and breaks[0][0] > moq:
        errors.setdefault("price_breaks", []).append(_("The smallest min_quantity must be at most moq."))
    if errors:
        return None, errors
    return (
        ListingInput(
            sku=sku,  # type: ignore[arg-type]
            brand=brand,  # type: ignore[arg-type]
            designation=designation,  # type: ignore[arg-type]
            quantity_available=quantity,  # type: ignore[arg-type]
            moq=moq,  # type: ignore[arg-type]
            lead_time_days=lead_time,  # type: ignore[arg-type]
            warehouse_city=city,  # type: ignore[arg-type]
            price_breaks=breaks,  # type: ignore[arg-type]
        ),
        {},
    )
