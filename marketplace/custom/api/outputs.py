"""Output serializers: what each custom-request endpoint renders; an invited supplier never sees the buyer."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import SchemaDimensionField
from marketplace.custom.choices import (
    AccessAction,
    CapabilityFacet,
    CustomQuoteStatus,
    CustomRequestStatus,
)
from marketplace.custom.models import (
    Capability,
    CustomQuote,
    CustomQuoteRevision,
    CustomRequest,
    CustomRequestEvent,
    Drawing,
    DrawingAccess,
)
from marketplace.custom.services.capabilities import LIST_FACETS
from marketplace.organizations.choices import SupplierStanding
from orders.api.serializers import OrderSerializer

MONEY = {"max_digits": 14, "decimal_places": 2}


class CapabilitySerializer(serializers.ModelSerializer):
    bearing_types = serializers.SerializerMethodField()
    precision_classes = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()
    processes = serializers.SerializerMethodField()
    certifications = serializers.SerializerMethodField()
    bore_min_mm = SchemaDimensionField()
    bore_max_mm = SchemaDimensionField()
    outer_diameter_max_mm = SchemaDimensionField()

    class Meta:
        model = Capability
        fields = (
            "supplier",
            "bearing_types",
            "bore_min_mm",
            "bore_max_mm",
            "outer_diameter_max_mm",
            "precision_classes",
            "materials",
            "processes",
            "certifications",
            "monthly_capacity",
            "sample_lead_days",
            "updated_at",
        )
        read_only_fields = fields

    def _values(self, capability: Capability, facet: str) -> list[str]:
        return [v.value for v in capability.values.all() if v.facet == facet]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_bearing_types(self, capability: Capability) -> list[str]:
        return self._values(capability, LIST_FACETS["bearing_types"])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_precision_classes(self, capability: Capability) -> list[str]:
        return self._values(capability, LIST_FACETS["precision_classes"])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_materials(self, capability: Capability) -> list[str]:
        return self._values(capability, CapabilityFacet.MATERIAL)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_processes(self, capability: Capability) -> list[str]:
        return self._values(capability, CapabilityFacet.PROCESS)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_certifications(self, capability: Capability) -> list[str]:
        return self._values(capability, CapabilityFacet.CERTIFICATION)


class DrawingSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="The format found in the content: pdf, png, jpeg, dxf, dwg or step.")

    class Meta:
        model = Drawing
        fields = ("id", "filename", "size", "kind", "uploaded_at")
        read_only_fields = fields


class AwardSummarySerializer(serializers.Serializer):
    quote = serializers.IntegerField(source="quote_id")
    quantity = serializers.IntegerField()
    order = serializers.IntegerField(source="order_id")


class CustomBuyerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    city = serializers.CharField()


class CustomRequestSerializer(serializers.ModelSerializer):
    """The owner sees everything; an invited supplier gets null for `buyer` and `target_unit_price`."""

    status = serializers.ChoiceField(choices=CustomRequestStatus.choices)
    bore_mm = SchemaDimensionField()
    outer_diameter_mm = SchemaDimensionField()
    width_mm = SchemaDimensionField()
    precision = serializers.SerializerMethodField()
    material = serializers.SerializerMethodField()
    processes = serializers.ListField(child=serializers.CharField())
    certifications = serializers.ListField(child=serializers.CharField())
    buyer = serializers.SerializerMethodField(help_text="The buyer, to the owner only (null for suppliers).")
    target_unit_price = serializers.SerializerMethodField(help_text="To the owner only (null for suppliers).")
    drawings = DrawingSerializer(many=True, read_only=True)
    nda_accepted = serializers.SerializerMethodField(
        help_text="For an invited supplier: whether it accepted the NDA (drawings open to it); null for the owner."
    )
    award = serializers.SerializerMethodField()

    class Meta:
        model = CustomRequest
        fields = (
            "id",
            "title",
            "status",
            "bearing_type",
            "bore_mm",
            "outer_diameter_mm",
            "width_mm",
            "precision",
            "material",
            "processes",
            "certifications",
            "quantity",
            "annual_quantity",
            "target_unit_price",
            "application",
            "delivery_city",
            "deadline",
            "buyer",
            "drawings",
            "nda_accepted",
            "award",
            "created_at",
            "awarded_at",
            "closed_at",
            "cancelled_at",
        )
        read_only_fields = fields

    def _is_owner(self, request: CustomRequest) -> bool:
        return self.context.get("organization_id") == request.buyer_id

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_precision(self, request: CustomRequest) -> str | None:
        return request.precision or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_material(self, request: CustomRequest) -> str | None:
        return request.material or None

    @extend_schema_field(CustomBuyerSerializer(allow_null=True))
    def get_buyer(self, request: CustomRequest) -> dict[str, Any] | None:
        if not self._is_owner(request):
            return None
        return {"id": request.buyer_id, "name": request.buyer.name, "city": request.buyer.city}

    @extend_schema_field(serializers.DecimalField(**MONEY, allow_null=True))
    def get_target_unit_price(self, request: CustomRequest) -> str | None:
        if not self._is_owner(request) or request.target_unit_price is None:
            return None
        return f"{request.target_unit_price:.2f}"

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_nda_accepted(self, request: CustomRequest) -> bool | None:
        if self._is_owner(request):
            return None
        return request.pk in self.context.get("nda_accepted", ())

    @extend_schema_field(AwardSummarySerializer(allow_null=True))
    def get_award(self, request: CustomRequest) -> dict[str, Any] | None:
        award = getattr(request, "award", None) if request.status == CustomRequestStatus.AWARDED else None
        if award is None or not (
            self._is_owner(request) or self.context.get("organization_id") == award.quote.supplier_id
        ):
            return None
        return AwardSummarySerializer(award).data


class CapableSupplierSerializer(serializers.Serializer):
    supplier = serializers.IntegerField(source="pk")
    supplier_name = serializers.CharField(source="name")
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    standing = serializers.ChoiceField(choices=SupplierStanding.choices)


class NdaAcceptanceSerializer(serializers.Serializer):
    custom_request = serializers.IntegerField(source="request_id")
    supplier = serializers.IntegerField(source="supplier_id")
    nda_accepted_at = serializers.DateTimeField()


class AccessLogEntrySerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="username")
    action = serializers.ChoiceField(choices=AccessAction.choices)

    class Meta:
        model = DrawingAccess
        fields = ("supplier", "user", "action", "at", "drawing")
        read_only_fields = fields


class CustomQuoteRevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomQuoteRevision
        fields = ("revision", "snapshot", "submitted_at")
        read_only_fields = fields


class CustomQuoteSerializer(serializers.ModelSerializer):
    custom_request = serializers.IntegerField(source="request_id")
    status = serializers.ChoiceField(choices=CustomQuoteStatus.choices)
    revisions = CustomQuoteRevisionSerializer(many=True, read_only=True, help_text="Earlier submissions, oldest first.")

    class Meta:
        model = CustomQuote
        fields = (
            "id",
            "custom_request",
            "supplier",
            "status",
            "unit_price",
            "tooling_cost",
            "sample_quantity",
            "sample_lead_days",
            "production_lead_days",
            "moq",
            "valid_until",
            "note",
            "revision",
            "submitted_at",
            "revisions",
        )
        read_only_fields = fields


class CustomAwardResultSerializer(serializers.Serializer):
    order = OrderSerializer()


class CustomRequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label", help_text="The user's name, or 'system'.")
    from_status = serializers.SerializerMethodField()

    class Meta:
        model = CustomRequestEvent
        fields = ("at", "actor", "from_status", "to_status", "note")
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=CustomRequestStatus.choices, allow_null=True))
    def get_from_status(self, event: CustomRequestEvent) -> str | None:
        return event.from_status or None
