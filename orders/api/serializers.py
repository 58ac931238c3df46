from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.core.api.serializers import StatusEventSerializer, status_event_from_field
from marketplace.core.limits import ID_MAX, INT_MAX, MAX_LINES
from orders.choices import OrderStatus
from orders.models import Order, OrderEvent, OrderLine


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
        fields = ("id", "listing", "brand", "designation", "description", "quantity", "unit_price", "line_total")
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
    custom_request = serializers.IntegerField(
        source="custom_request_id", allow_null=True, help_text="The custom request this order was awarded from."
    )
    settlement = serializers.SerializerMethodField()
    pool = serializers.IntegerField(
        source="pool_id", allow_null=True, read_only=True, help_text="The purchase pool that placed it, if any."
    )

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
            "pool",
            "custom_request",
        )
        read_only_fields = fields

    @extend_schema_field(SettlementSummarySerializer(allow_null=True))
    def get_settlement(self, order: Order) -> dict[str, Any] | None:
        # A settlement is made in the transaction that moves the order to settled.
        if order.status != OrderStatus.SETTLED:
            return None
        try:
            settlement = order.settlement
        except ObjectDoesNotExist:
            return None
        return SettlementSummarySerializer(settlement).data


class OrderEventSerializer(StatusEventSerializer):
    """One status change of an order; `from_status` is null for its placing."""

    from_status = status_event_from_field(OrderStatus.choices)

    class Meta(StatusEventSerializer.Meta):
        model = OrderEvent
