"""Output serializers: what each RFQ endpoint renders; a supplier sees only what the buyer chose to show."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import SchemaDimensionField
from catalog.choices import BearingType, Clearance, Precision, Seal
from catalog.freshness import StockStatus
from catalog.pricing import line_total
from marketplace.core.api.serializers import StatusEventSerializer, status_event_from_field
from marketplace.organizations.choices import SupplierStanding
from marketplace.rfqs.choices import MatchKind, QuoteStatus, RfqStatus
from marketplace.rfqs.models import Quote, QuoteLine, QuoteRevision, Rfq, RfqDecline, RfqEvent, RfqLine
from orders.api.serializers import OrderSerializer

_BLANK_AS_NULL = ("brand", "base_designation", "canonical", "bearing_type", "seal", "clearance", "precision")
MONEY = {"max_digits": 14, "decimal_places": 2}


class RfqLineSerializer(serializers.ModelSerializer):
    """A line with what it states: parsed from the designation, stated fields winning; null = not stated."""

    brand = serializers.CharField(allow_null=True, help_text="Maker code, null when any maker will do.")
    base_designation = serializers.CharField(allow_null=True)
    canonical = serializers.CharField(allow_null=True)
    bearing_type = serializers.ChoiceField(choices=BearingType.choices, allow_null=True)
    seal = serializers.ChoiceField(choices=Seal.choices, allow_null=True)
    clearance = serializers.ChoiceField(choices=Clearance.choices, allow_null=True)
    precision = serializers.ChoiceField(choices=Precision.choices, allow_null=True)
    bore_mm = SchemaDimensionField(allow_null=True)
    outer_diameter_mm = SchemaDimensionField(allow_null=True)
    width_mm = SchemaDimensionField(allow_null=True)
    target_unit_price = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="Null for suppliers unless the buyer shows target prices."
    )

    class Meta:
        model = RfqLine
        fields = (
            "id",
            "position",
            "designation",
            "brand",
            "accept_equivalents",
            "authorized_only",
            "recognized",
            "base_designation",
            "variant",
            "canonical",
            "bearing_type",
            "seal",
            "clearance",
            "precision",
            "bore_mm",
            "outer_diameter_mm",
            "width_mm",
            "quantity",
            "target_unit_price",
            "required_by",
        )
        read_only_fields = fields

    def to_representation(self, instance: RfqLine) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in _BLANK_AS_NULL:
            if data.get(name) == "":
                data[name] = None
        if not self.context.get("show_target_prices", True):
            data["target_unit_price"] = None
        return data


class BuyerSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    city = serializers.CharField()


class RfqSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=RfqStatus.choices)
    buyer = serializers.SerializerMethodField(help_text="Null for suppliers unless the buyer chose to show it.")
    lines = serializers.SerializerMethodField()

    class Meta:
        model = Rfq
        fields = (
            "id",
            "title",
            "status",
            "delivery_city",
            "deadline",
            "buyer",
            "show_buyer",
            "show_target_prices",
            "min_supplier_score",
            "created_at",
            "closed_at",
            "awarded_at",
            "cancelled_at",
            "lines",
        )
        read_only_fields = fields

    def _is_owner(self, rfq: Rfq) -> bool:
        viewer = self.context.get("organization_id")
        return viewer is None or viewer == rfq.buyer_id

    @extend_schema_field(BuyerSummarySerializer(allow_null=True))
    def get_buyer(self, rfq: Rfq) -> dict[str, Any] | None:
        if not (self._is_owner(rfq) or rfq.show_buyer):
            return None
        return {"id": rfq.buyer_id, "name": rfq.buyer.name, "city": rfq.buyer.city}

    @extend_schema_field(RfqLineSerializer(many=True))
    def get_lines(self, rfq: Rfq) -> list[dict[str, Any]]:
        context = {"show_target_prices": self._is_owner(rfq) or rfq.show_target_prices}
        return RfqLineSerializer(rfq.lines.all(), many=True, context=context).data


class SupplierNameMixin:
    """`supplier_name` from the names the view loaded in one query (context["supplier_names"])."""

    context: dict[str, Any]

    def get_supplier_name(self, item: Any) -> str:
        return self.context.get("supplier_names", {}).get(item.supplier_id, "")


class MatchSerializer(SupplierNameMixin, serializers.Serializer):
    listing = serializers.IntegerField(source="listing_id")
    supplier = serializers.IntegerField(source="supplier_id")
    supplier_name = serializers.SerializerMethodField(help_text="The supplier organisation's name.")
    brand = serializers.CharField()
    designation = serializers.CharField()
    match_kind = serializers.ChoiceField(choices=MatchKind.choices)
    unit_price = serializers.DecimalField(**MONEY)
    line_total = serializers.DecimalField(**MONEY)
    quantity_available = serializers.IntegerField()
    covers_quantity = serializers.BooleanField(help_text="A stale listing never covers.")
    lead_time_days = serializers.IntegerField()
    supplier_score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text="The supplier's scorecard score as ranking uses it (70 while the supplier is new).",
    )
    supplier_standing = serializers.ChoiceField(choices=SupplierStanding.choices)
    stock_status = serializers.ChoiceField(choices=StockStatus.choices)
    authorized = serializers.BooleanField(help_text="The supplier holds a counting authorisation for the brand.")
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        help_text="0–95, higher is better: 50 if it covers the quantity, 30 exact / 15 equivalent / 0 dimensional, "
        "plus under 15 for its place by price, supplier score and lead time within that tier.",
    )
    explanation = serializers.CharField()


class LineMatchesSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="line.id")
    matches = MatchSerializer(many=True)


class RfqMatchesSerializer(serializers.Serializer):
    rfq = serializers.IntegerField()
    lines = LineMatchesSerializer(many=True)


class QuoteLineSerializer(serializers.ModelSerializer):
    line_total = serializers.SerializerMethodField()
    listing = serializers.IntegerField(
        source="listing_id", allow_null=True, help_text="The supplier's listing whose stock an award reserves."
    )

    class Meta:
        model = QuoteLine
        fields = (
            "id",
            "rfq_line",
            "brand",
            "designation",
            "quantity",
            "unit_price",
            "line_total",
            "lead_time_days",
            "listing",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_line_total(self, line: QuoteLine) -> str:
        return f"{line_total(line.unit_price, line.quantity):.2f}"


class QuoteSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=QuoteStatus.choices)
    lines = QuoteLineSerializer(many=True, read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", help_text="The supplier organisation's name.")

    class Meta:
        model = Quote
        fields = (
            "id",
            "rfq",
            "supplier",
            "supplier_name",
            "status",
            "valid_until",
            "note",
            "revision",
            "lines",
            "submitted_at",
        )
        read_only_fields = fields


class QuoteRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuoteRevision
        fields = ("revision", "snapshot", "submitted_at")
        read_only_fields = fields


class QuoteDetailSerializer(QuoteSerializer):
    revisions = QuoteRevisionSerializer(many=True, read_only=True, help_text="Earlier submissions, oldest first.")

    class Meta(QuoteSerializer.Meta):
        fields = (*QuoteSerializer.Meta.fields, "revisions")
        read_only_fields = fields


class OfferSerializer(SupplierNameMixin, serializers.Serializer):
    quote = serializers.IntegerField(source="quote_id")
    quote_line = serializers.IntegerField(source="quote_line_id")
    supplier = serializers.IntegerField(source="supplier_id")
    supplier_name = serializers.SerializerMethodField(help_text="The supplier organisation's name.")
    brand = serializers.CharField()
    designation = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(**MONEY)
    line_total = serializers.DecimalField(**MONEY)
    lead_time_days = serializers.IntegerField()
    valid_until = serializers.DateField()
    supplier_score = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="As ranking uses it.")
    supplier_standing = serializers.ChoiceField(choices=SupplierStanding.choices)


class LineComparisonSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="line.id")
    designation = serializers.CharField(source="line.designation")
    quantity = serializers.IntegerField(source="line.quantity")
    brands = serializers.ListField(child=serializers.CharField())
    lowest_price = OfferSerializer(allow_null=True)
    shortest_lead_time = OfferSerializer(allow_null=True)
    offers = OfferSerializer(
        many=True, help_text="Every live offer for the line: cheapest first, then higher supplier score."
    )


class QuoteComparisonSerializer(serializers.Serializer):
    rfq = serializers.IntegerField()
    lines = LineComparisonSerializer(many=True)


class DeclineSerializer(serializers.ModelSerializer):
    class Meta:
        model = RfqDecline
        fields = ("rfq", "supplier", "reason", "created_at")
        read_only_fields = fields


class AwardResultSerializer(serializers.Serializer):
    orders = OrderSerializer(many=True, help_text="One order per supplier.")


class RfqEventSerializer(StatusEventSerializer):
    """One status change of an RFQ; `from_status` is null for its opening."""

    from_status = status_event_from_field(RfqStatus.choices)

    class Meta(StatusEventSerializer.Meta):
        model = RfqEvent
