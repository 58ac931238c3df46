"""Input serializers: the shapes clients send, validated before any service runs."""

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalog.steels import SteelForm, steel_grade_normalize
from marketplace.pools.choices import MAX_QUANTITY, MAX_TIERS, PoolItemKind, PoolStatus, PoolUnit

PRICE = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
MAX_LEAD_TIME_DAYS = 3650


class PoolItemInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PoolItemKind.choices)
    brand = serializers.CharField(max_length=100, required=False, help_text="Bearing: the maker (code or name).")
    designation = serializers.CharField(max_length=120, required=False, help_text="Bearing: as written.")
    grade = serializers.CharField(
        max_length=32, required=False, help_text="Steel: a GB/T 18254, GB/T 3203 or GB/T 3086 grade (GCr15, …)."
    )
    form = serializers.ChoiceField(choices=SteelForm.choices, required=False, help_text="Steel only.")
    size_mm = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=Decimal("0.01"), required=False, help_text="Steel only."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        needed = ("brand", "designation") if attrs["kind"] == PoolItemKind.BEARING else ("grade", "form", "size_mm")
        errors = {name: [_("This field is required.")] for name in needed if attrs.get(name) in (None, "")}
        if attrs["kind"] == PoolItemKind.STEEL and attrs.get("grade") and steel_grade_normalize(attrs["grade"]) is None:
            errors["grade"] = [_("Not a bearing steel grade of GB/T 18254, GB/T 3203 or GB/T 3086.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class TierInputSerializer(serializers.Serializer):
    min_total_quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    unit_price = serializers.DecimalField(**PRICE)


class PoolCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    item = PoolItemInputSerializer()
    unit = serializers.ChoiceField(choices=PoolUnit.choices)
    tiers = serializers.ListField(
        child=TierInputSerializer(),
        allow_empty=False,
        max_length=MAX_TIERS,
        help_text="Ascending min_total_quantity, strictly falling unit_price; the first is the success threshold.",
    )
    min_commitment = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    max_total_quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False, allow_null=True)
    closes_at = serializers.DateTimeField()
    delivery_city = serializers.CharField(max_length=100)
    lead_time_days = serializers.IntegerField(min_value=0, max_value=MAX_LEAD_TIME_DAYS)

    def validate_closes_at(self, value: Any) -> Any:
        if value <= timezone.now():
            raise serializers.ValidationError(_("Must be in the future."))
        return value


class PoolListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PoolStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=PoolItemKind.choices, required=False)


class CommitInputSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, help_text="Whole units, ≥ min_commitment.")
    max_unit_price = serializers.DecimalField(
        **PRICE, required=False, allow_null=True, help_text="Leave the pool at the close if the final price is higher."
    )
