"""Input serializers: the shapes clients send, validated before any service runs."""

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalog.choices import BearingType, Clearance, Precision, Seal
from marketplace.core.limits import ID_MAX, INT_MAX, MAX_LEAD_TIME_DAYS, MAX_LINES
from marketplace.rfqs.choices import RfqStatus
from marketplace.rfqs.services.awards import MAX_AWARDS
from marketplace.rfqs.services.quotes import MAX_QUOTE_LINES

MAX_MATCH_LIMIT = 50
DEFAULT_MATCH_LIMIT = 10
PRICE = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
DIMENSION = {
    "max_digits": 9,
    "decimal_places": 3,
    "min_value": Decimal("0.001"),
    "required": False,
    "allow_null": True,
}


class RfqLineInputSerializer(serializers.Serializer):
    designation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    brand = serializers.CharField(max_length=64, required=False, allow_blank=True, allow_null=True, default="")
    accept_equivalents = serializers.BooleanField(required=False, default=True)
    authorized_only = serializers.BooleanField(
        required=False, default=False, help_text="Match only listings whose supplier is authorised for the brand."
    )
    bearing_type = serializers.ChoiceField(choices=BearingType.choices, required=False, allow_null=True)
    bore_mm = serializers.DecimalField(**DIMENSION)
    outer_diameter_mm = serializers.DecimalField(**DIMENSION)
    width_mm = serializers.DecimalField(**DIMENSION)
    seal = serializers.ChoiceField(choices=Seal.choices, required=False, allow_null=True)
    clearance = serializers.ChoiceField(choices=Clearance.choices, required=False, allow_null=True)
    precision = serializers.ChoiceField(choices=Precision.choices, required=False, allow_null=True)
    quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    target_unit_price = serializers.DecimalField(**PRICE, required=False, allow_null=True)
    required_by = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        dimensions = (attrs.get("bore_mm"), attrs.get("outer_diameter_mm"), attrs.get("width_mm"))
        if not attrs.get("designation", "").strip() and any(d is None for d in dimensions):
            raise serializers.ValidationError(
                {"designation": [_("Give a designation, or the bore, outer diameter and width.")]}
            )
        return attrs


class RfqCreateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    delivery_city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    deadline = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Defaults to MARKETPLACE_RFQ_DEFAULT_DEADLINE_HOURS from now."
    )
    show_buyer = serializers.BooleanField(required=False, default=False)
    show_target_prices = serializers.BooleanField(required=False, default=False)
    min_supplier_score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="Matches and invitations only from suppliers scoring at least this (a new supplier counts as 70).",
    )
    lines = serializers.ListField(child=RfqLineInputSerializer(), allow_empty=False, max_length=MAX_LINES)

    def validate_deadline(self, value: Any) -> Any:
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError(_("The deadline must be in the future."))
        return value


class RfqListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RfqStatus.choices, required=False)


class MatchesQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        min_value=1,
        max_value=INT_MAX,
        required=False,
        default=DEFAULT_MATCH_LIMIT,
        help_text="Matches per line, default 10, capped at 50.",
    )


class QuoteLineInputSerializer(serializers.Serializer):
    rfq_line = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    brand = serializers.CharField(max_length=64)
    designation = serializers.CharField(max_length=120)
    quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    unit_price = serializers.DecimalField(**PRICE)
    lead_time_days = serializers.IntegerField(min_value=0, max_value=MAX_LEAD_TIME_DAYS, required=False, default=0)
    listing = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        required=False,
        allow_null=True,
        help_text="One of your own listings of this bearing; awarding the line reserves its stock (409 when short).",
    )


class QuoteSubmitInputSerializer(serializers.Serializer):
    valid_until = serializers.DateField(help_text="The last day the prices hold (Asia/Shanghai).")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    lines = serializers.ListField(child=QuoteLineInputSerializer(), allow_empty=False, max_length=MAX_QUOTE_LINES)

    def validate_valid_until(self, value: Any) -> Any:
        if value < timezone.localdate():
            raise serializers.ValidationError(_("Must be today or later."))
        return value


class DeclineInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AwardInputSerializer(serializers.Serializer):
    rfq_line = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    quantity = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    quote_line = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False, allow_null=True)
    listing = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("quote_line") is None) == (attrs.get("listing") is None):
            raise serializers.ValidationError({"quote_line": [_("Give exactly one of quote_line and listing.")]})
        return attrs


class AwardRequestInputSerializer(serializers.Serializer):
    awards = serializers.ListField(child=AwardInputSerializer(), allow_empty=False, max_length=MAX_AWARDS)
