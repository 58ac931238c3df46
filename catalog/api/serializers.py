"""Catalog API shapes. Input serializers document the request bodies; validation of listing
content itself lives in catalog.services.inputs, shared with the bulk and spreadsheet paths."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.authorized import authorized_pairs
from catalog.choices import BearingType, Clearance, Precision, Seal
from catalog.designations.model import format_mm
from catalog.freshness import StockStatus, stock_status
from catalog.models import Listing, ListingImport
from catalog.services.bulk import MAX_BULK_ITEMS
from catalog.services.imports.columns import HEADER_ALIASES
from marketplace.core.limits import MAX_LEAD_TIME_DAYS, MAX_QUANTITY
from marketplace.core.money import quantize_money

MAX_Q_LENGTH = 200
VISIBILITY_REASONS = ("organization_pending", "organization_suspended", "inactive")


def _import_columns_help() -> str:
    lines = [
        "CSV (UTF-8 or GBK/GB18030) or XLSX. Every worksheet with a header row is imported; title rows above "
        "the header are skipped. Header names are matched ignoring case, spaces, underscores and a unit in "
        "brackets (`数量（套）`, `单价（元）`). Numbers may carry units, currency and thousands separators "
        "(`500套`, `1,200`, `12.5元`, `￥9.80`; `现货` as a lead time is 0 days). Required: brand, designation, "
        "quantity_available, unit_price. `sku` is optional: without it a stable SKU is derived from brand, "
        "designation and warehouse city. An update changes only the columns the sheet has, and the unit price "
        "replaces only the smallest price break. Accepted column names:",
    ]
    lines += [
        f"- `{column}`: {', '.join(f'`{alias}`' for alias in aliases)}" for column, aliases in HEADER_ALIASES.items()
    ]
    return "\n".join(lines)


IMPORT_COLUMNS_HELP = _import_columns_help()


class PriceBreakSerializer(serializers.Serializer):
    min_quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


class ListingInputSerializer(serializers.Serializer):
    """A listing as a supplier sends it; unknown and read-only fields are ignored."""

    sku = serializers.CharField(max_length=64)
    brand = serializers.CharField(max_length=100, help_text="Brand code or alias (Latin or Chinese).")
    designation = serializers.CharField(max_length=120)
    quantity_available = serializers.IntegerField(
        min_value=0, max_value=MAX_QUANTITY, help_text="Sellable stock now; open reservations are kept on top."
    )
    moq = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False, default=1)
    lead_time_days = serializers.IntegerField(min_value=0, max_value=MAX_LEAD_TIME_DAYS, required=False, default=0)
    price_breaks = PriceBreakSerializer(many=True, min_length=1, max_length=20)
    warehouse_city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class DimensionField(serializers.Field):
    """Millimetres as a plain decimal string ("25", "16.25"), null when unknown."""

    def to_representation(self, value: Decimal | None) -> str | None:
        return format_mm(value)


class BlankAsNullField(serializers.CharField):
    def to_representation(self, value: Any) -> str | None:
        return value or None


@extend_schema_field({"type": "string", "nullable": True, "format": "decimal", "example": "25"})
class SchemaDimensionField(DimensionField):
    pass


class ListingOutputSerializer(serializers.ModelSerializer):
    supplier = serializers.IntegerField(source="supplier_id")
    brand = serializers.CharField(source="brand.code")
    quantity_available = serializers.IntegerField()
    price_breaks = PriceBreakSerializer(many=True)
    unit_price = serializers.DecimalField(
        source="base_unit_price", max_digits=14, decimal_places=2, allow_null=True, help_text="Smallest break's price."
    )
    base_designation = BlankAsNullField(allow_null=True)
    bearing_type = serializers.ChoiceField(choices=BearingType.choices, allow_null=True)
    seal = serializers.ChoiceField(choices=Seal.choices, allow_null=True)
    clearance = serializers.ChoiceField(choices=Clearance.choices, allow_null=True)
    precision = serializers.ChoiceField(choices=Precision.choices, allow_null=True)
    bore_mm = SchemaDimensionField()
    outer_diameter_mm = SchemaDimensionField()
    width_mm = SchemaDimensionField()
    canonical = BlankAsNullField(allow_null=True)
    visible = serializers.BooleanField(help_text="Whether other organisations see this listing.")
    visibility_reason = serializers.ChoiceField(
        choices=VISIBILITY_REASONS,
        allow_null=True,
        help_text="null when visible; else why not: the supplier is pending or suspended, or the listing inactive.",
    )
    authorized = serializers.BooleanField(
        help_text="The supplier holds a verified, unexpired authorisation for the listing's brand."
    )
    stock_status = serializers.ChoiceField(
        choices=StockStatus.choices,
        help_text="fresh / aging / stale by the age of stock_confirmed_at (MARKETPLACE_STOCK_*_DAYS).",
    )

    class Meta:
        model = Listing
        fields = (
            "id",
            "supplier",
            "sku",
            "brand",
            "designation",
            "quantity_available",
            "moq",
            "lead_time_days",
            "price_breaks",
            "warehouse_city",
            "currency",
            "unit_price",
            "recognized",
            "base_designation",
            "bearing_type",
            "seal",
            "clearance",
            "precision",
            "bore_mm",
            "outer_diameter_mm",
            "width_mm",
            "canonical",
            "authorized",
            "stock_confirmed_at",
            "stock_status",
            "is_active",
            "visible",
            "visibility_reason",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def to_representation(self, instance: Listing) -> dict[str, Any]:
        reason = instance.visibility_reason
        # Written out by hand: search pages render 50-200 of these, and DRF's per-field
        # machinery costs several times the SQL. The declared fields above document the shape.
        return {
            "id": instance.pk,
            "supplier": instance.supplier_id,
            "sku": instance.sku,
            "brand": instance.brand.code,
            "designation": instance.designation,
            "quantity_available": int(instance.quantity_available or 0),
            "moq": instance.moq,
            "lead_time_days": instance.lead_time_days,
            "price_breaks": [
                {"min_quantity": b.min_quantity, "unit_price": _money(b.unit_price)} for b in _price_breaks(instance)
            ],
            "warehouse_city": instance.warehouse_city,
            "currency": instance.currency,
            "unit_price": _money(instance.base_unit_price),
            "recognized": instance.recognized,
            "base_designation": instance.base_designation or None,
            "bearing_type": instance.bearing_type or None,
            "seal": instance.seal or None,
            "clearance": instance.clearance or None,
            "precision": instance.precision or None,
            "bore_mm": format_mm(instance.bore_mm),
            "outer_diameter_mm": format_mm(instance.outer_diameter_mm),
            "width_mm": format_mm(instance.width_mm),
            "canonical": instance.canonical or None,
            "authorized": _authorized(instance),
            "stock_confirmed_at": _datetime(instance.stock_confirmed_at),
            "stock_status": stock_status(instance.stock_confirmed_at),
            "is_active": instance.is_active,
            "visible": reason is None,
            "visibility_reason": reason,
            "created_at": _datetime(instance.created_at),
            "updated_at": _datetime(instance.updated_at),
        }


def _authorized(listing: Listing) -> bool:
    annotated = getattr(listing, "authorized", None)  # listing selectors annotate it
    if annotated is not None:
        return bool(annotated)
    return bool(authorized_pairs([(listing.supplier_id, listing.brand_id)]))


def _price_breaks(listing: Listing) -> list[Any]:
    prefetched = getattr(listing, "price_break_list", None)
    if prefetched is not None:
        return prefetched
    return sorted(listing.price_breaks.all(), key=lambda b: b.min_quantity)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(quantize_money(value))


_DATETIME = serializers.DateTimeField()


def _datetime(value: Any) -> str | None:
    return _DATETIME.to_representation(value) if value is not None else None


class BulkInputSerializer(serializers.Serializer):
    listings = ListingInputSerializer(many=True, max_length=MAX_BULK_ITEMS)


class BulkItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class BulkOutputSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    errors = BulkItemErrorSerializer(many=True)


class ListingImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=IMPORT_COLUMNS_HELP)


class ListingImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Row number in the worksheet, the first row being 1.")
    sheet = serializers.CharField(required=False, help_text="Worksheet name, when the workbook has several.")
    message = serializers.CharField(help_text="In the language of the request that uploaded the file.")


class ListingImportCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListingImport
        fields = ("id", "status")
        read_only_fields = fields


class ListingImportSerializer(serializers.ModelSerializer):
    errors = ListingImportErrorSerializer(many=True)
    warnings = ListingImportErrorSerializer(
        many=True, help_text="Rows imported whose designation was not recognised; worksheets not read."
    )

    class Meta:
        model = ListingImport
        fields = (
            "id",
            "status",
            "original_name",
            "total_rows",
            "processed_rows",
            "created",
            "updated",
            "errors",
            "error_count",
            "warnings",
            "language",
            "created_at",
            "started_at",
            "finished_at",
        )
        read_only_fields = fields


class DesignationQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_Q_LENGTH, trim_whitespace=True)


class DesignationSerializer(serializers.Serializer):
    input = serializers.CharField()
    recognized = serializers.BooleanField()
    brand = serializers.CharField(allow_null=True)
    base_designation = serializers.CharField(allow_null=True)
    bearing_type = serializers.ChoiceField(choices=BearingType.choices, allow_null=True)
    seal = serializers.ChoiceField(choices=Seal.choices, allow_null=True)
    clearance = serializers.ChoiceField(choices=Clearance.choices, allow_null=True)
    precision = serializers.ChoiceField(choices=Precision.choices, allow_null=True)
    bore_mm = SchemaDimensionField(allow_null=True)
    outer_diameter_mm = SchemaDimensionField(allow_null=True)
    width_mm = SchemaDimensionField(allow_null=True)
    canonical = serializers.CharField(allow_null=True)


class ConfirmStockInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, max_length=MAX_BULK_ITEMS
    )
    all = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("all") == ("ids" in attrs):
            raise serializers.ValidationError({"ids": ["Give either 'ids' or 'all': true."]})
        return attrs


class ConfirmStockOutputSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField()
