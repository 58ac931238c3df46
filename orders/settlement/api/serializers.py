from datetime import date, datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from orders.settlement.models import Settlement


class SettlementSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(source="order_id", read_only=True)
    order_number = serializers.CharField(source="order.number", read_only=True)

    class Meta:
        model = Settlement
        fields = [
            "id",
            "order",
            "order_number",
            "gross_amount",
            "commission_amount",
            "vat_amount",
            "payout_amount",
            "settled_at",
            "payout_status",
            "release_at",
            "refunded_amount",
        ]
        read_only_fields = fields


class SettlementFilterSerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False, max_length=7, help_text="Calendar month as YYYY-MM (the market's time zone)."
    )
    format = serializers.ChoiceField(
        choices=["json", "csv"], required=False, help_text="`csv` returns the month's statement as text/csv."
    )

    def validate_period(self, value: str) -> date:
        try:
            parsed = datetime.strptime(value, "%Y-%m")  # noqa: DTZ007 - a calendar month, not an instant
        except ValueError as exc:
            raise serializers.ValidationError(_("Use the format YYYY-MM.")) from exc
        if len(value) != len("YYYY-MM"):
            raise serializers.ValidationError(_("Use the format YYYY-MM."))
        return parsed.date()
