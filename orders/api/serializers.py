from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.choices import OrderStatus
from orders.models import Order, OrderEvent, OrderLine

ID_MAX = 2**63 - 1
INT_MAX = 2_147_483_647
MAX_LINES = 200


class OrderLineInputSerializer(serializers.Serializer):
    listing = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX)


class OrderCreateInputSerializer(serializers.Serializer):
    lines = serializers.ListField(child=OrderLineInputSerializer(), allow_empty=False, max_length=MAX_LINES)
    delivery_city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OrderShipInputSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(max_length=100)


class OrderCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OrderListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    created_after = serializers.DateField(required=False, help_text="Created on or after this date (Asia/Shanghai).")
    created_before = serializers.DateField(required=False, help_text="Created before this date (Asia/Shanghai).")
    counterparty = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, required=False, help_text="The other side's organisation id."
    )


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ("id", "listing", "brand", "designation", "quantity", "unit_price", "line_total")
        read_only_fields = fields


class SettlementSummarySerializer(serializers.Serializer):
    gross_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    commission_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    vat_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    payout_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    settled_at = serializers.DateTimeField()
    payout_status = serializers.ChoiceField(
        choices=["held", "released"], help_text="`held` until release_at and while a claim is open."
    )
    release_at = serializers.DateTimeField(help_text="Delivery + MARKETPLACE_CLAIM_WINDOW_HOURS; claims close then.")
    refunded_amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class OrderSerializer(serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    settlement = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = (
            "id",
            "number",
            "buyer",
            "supplier",
            "status",
            "lines",
            "total",
            "currency",
            "created_at",
            "settlement",
            "delivery_city",
            "tracking_number",
        )
        read_only_fields = fields

    @extend_schema_field(SettlementSummarySerializer(allow_null=True))
    def get_settlement(self, order: Order) -> dict[str, Any] | None:
        # A settlement is made in the transaction that moves the order to settled.
        if order.status != OrderStatus.SETTLED:
            return None
        try:
            settlement = order.settlement
        except (ObjectDoesNotExist, AttributeError):
            return None
        return SettlementSummarySerializer(settlement).data


class OrderEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label", help_text="The user's name, or 'system'.")
    from_status = serializers.SerializerMethodField()

    class Meta:
        model = OrderEvent
        fields = ("at", "actor", "from_status", "to_status", "note")
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=OrderStatus.choices, allow_null=True))
    def get_from_status(self, event: OrderEvent) -> str | None:
        """None for the event that placed the order."""
        return event.from_status or None
