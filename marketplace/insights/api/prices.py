"""GET /api/v1/price-index/ and /price-index/barometer/: the market's price index from settled trades."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.designations import parse
from marketplace.core.exceptions import NotAllowed
from marketplace.core.throttling import OrganizationScopedThrottle
from marketplace.insights.models import PriceIndexTier
from marketplace.insights.prices.barometer import market_barometer
from marketplace.insights.prices.methodology import METHODOLOGY
from marketplace.insights.prices.series import SeriesDay, explained_series, index_series

MONEY = {"max_digits": 14, "decimal_places": 2}


class PriceIndexQuerySerializer(serializers.Serializer):
    designation = serializers.CharField(max_length=200, help_text=gettext_lazy("A bearing in any brand's notation."))
    tier = serializers.ChoiceField(choices=PriceIndexTier.values, default=PriceIndexTier.ALL)
    days = serializers.IntegerField(min_value=1, max_value=365, default=90)
    explain = serializers.BooleanField(default=False, help_text=gettext_lazy("Staff only: list each day's trades."))

    def validate_designation(self, value: str) -> Any:
        parsed = parse(value)
        if not parsed.recognized or not parsed.canonical:
            raise serializers.ValidationError(
                _("“%(text)s” is not a recognised bearing designation.") % {"text": value}
            )
        return parsed


class IndexDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(allow_null=True, **MONEY)
    trades = serializers.IntegerField(
        help_text=gettext_lazy(
            "Trades used, after the outlier screen. With explain=true (staff) the list of the day's trades instead: "
            "[{order_line, unit_price, quantity, supplier, excluded}], the count then in trades_used."
        )
    )
    quantity = serializers.IntegerField(help_text=gettext_lazy("Units in the trades used."))
    outliers_excluded = serializers.IntegerField()
    suppliers = serializers.IntegerField(help_text=gettext_lazy("Distinct suppliers in the trades used."))


class PriceIndexSerializer(serializers.Serializer):
    base_designation = serializers.CharField()
    canonical = serializers.CharField()
    tier = serializers.CharField()
    methodology = serializers.CharField()
    series = IndexDaySerializer(many=True)


class ExplainedTradeSerializer(serializers.Serializer):
    order_line = serializers.IntegerField()
    unit_price = serializers.DecimalField(**MONEY)
    quantity = serializers.IntegerField()
    supplier = serializers.IntegerField()
    excluded = serializers.BooleanField(help_text=gettext_lazy("Screened out as an outlier."))


class ExplainedDaySerializer(IndexDaySerializer):
    trades = ExplainedTradeSerializer(many=True)
    trades_used = serializers.IntegerField()


class ExplainedIndexSerializer(PriceIndexSerializer):
    series = ExplainedDaySerializer(many=True)


class BarometerItemSerializer(serializers.Serializer):
    canonical = serializers.CharField()
    value = serializers.DecimalField(allow_null=True, **MONEY)
    change_7d = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    change_30d = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    trades_30d = serializers.IntegerField()


class BarometerSerializer(serializers.Serializer):
    date = serializers.DateField()
    traded_value_today = serializers.DecimalField(**MONEY)
    traded_value_7d = serializers.DecimalField(**MONEY)
    orders_7d = serializers.IntegerField()
    top = BarometerItemSerializer(many=True)


def _day(item: SeriesDay, explain: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "date": item.day,
        "value": item.index.value,
        "trades": item.index.trades,
        "quantity": item.index.quantity,
        "outliers_excluded": item.index.outliers_excluded,
        "suppliers": item.index.suppliers,
    }
    if explain:
        body["trades"] = [
            {
                "order_line": t.order_line,
                "unit_price": t.unit_price,
                "quantity": t.quantity,
                "supplier": t.supplier,
                "excluded": t.order_line in item.index.excluded,
            }
            for t in item.trades or []
        ]
        body["trades_used"] = item.index.trades
    return body


class PriceIndexView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [OrganizationScopedThrottle]
    throttle_scope = "search"

    @extend_schema(
        parameters=[PriceIndexQuerySerializer],
        responses={
            200: PriceIndexSerializer,
            400: OpenApiResponse(description="Unrecognised designation, `days` outside 1–365, unknown tier."),
            403: OpenApiResponse(description="`explain=true` is for staff."),
        },
        description="The daily price index of one bearing (brand-neutral `canonical`) and tier from settled trades "
        "(methodology v1, docs/price-index.md), one item per day oldest first, ending today (China time). "
        "`value` is null with fewer than 3 trades or 2 suppliers after the outlier screen. With `explain=true` "
        "(staff) each day's `trades` is the list of trades with `excluded` marks (and `trades_used` the count).",
    )
    def get(self, request: Request) -> Response:
        query = PriceIndexQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        parsed, tier, days = (query.validated_data[k] for k in ("designation", "tier", "days"))
        explain = query.validated_data["explain"]
        if explain and not request.user.is_staff:
            raise NotAllowed(_("Only staff may see the trades behind the index."))
        series = (explained_series if explain else index_series)(canonical=parsed.canonical, tier=tier, days=days)
        output = ExplainedIndexSerializer if explain else PriceIndexSerializer
        return Response(
            output(
                {
                    "base_designation": parsed.base_designation,
                    "canonical": parsed.canonical,
                    "tier": tier,
                    "methodology": METHODOLOGY,
                    "series": [_day(item, explain) for item in series],
                }
            ).data
        )


class BarometerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: BarometerSerializer},
        description="Traded value (settled gross) today and over 7 days, orders settled in 7 days, and the 20 "
        "bearings most traded by quantity in 30 days with their latest index value and its change against 7 and "
        "30 days before (decimal fractions; null without both values).",
    )
    def get(self, request: Request) -> Response:
        return Response(BarometerSerializer(market_barometer()).data)
