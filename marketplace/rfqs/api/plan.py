"""`POST /rfqs/{id}/award-plan/`: the least-cost award plan, ready to post to `/award/`."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.throttling import OrganizationScopedThrottle
from marketplace.organizations.permissions import IsBuyer, request_organization
from marketplace.rfqs.selectors import rfq_get_owned
from marketplace.rfqs.services.award_plan import SOURCES, AwardPlan, rfq_award_plan

MONEY = {"max_digits": 14, "decimal_places": 2}


class AwardPlanInputSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=SOURCES, default="both")
    max_suppliers = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)
    per_supplier_cost = serializers.DecimalField(min_value=Decimal(0), default=Decimal("0.00"), **MONEY)
    respect_required_by = serializers.BooleanField(default=True)


class PlannedAwardSerializer(serializers.Serializer):
    rfq_line = serializers.IntegerField()
    quantity = serializers.IntegerField()
    quote_line = serializers.IntegerField(required=False, help_text=_("Set when the units come from a quote line."))
    listing = serializers.IntegerField(required=False, help_text=_("Set when the units come from a listing."))
    unit_price = serializers.DecimalField(**MONEY)
    line_total = serializers.DecimalField(**MONEY)


class PlannedSupplierSerializer(serializers.Serializer):
    supplier = serializers.IntegerField()
    supplier_name = serializers.CharField()
    goods_total = serializers.DecimalField(**MONEY)


class UnfilledSerializer(serializers.Serializer):
    rfq_line = serializers.IntegerField()
    quantity = serializers.IntegerField(help_text=_("Units of the line no plan can supply."))


class AwardPlanSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["optimal", "infeasible", "feasible"],
        help_text=_(
            "`optimal`: proven least-cost; `infeasible`: some lines cannot be filled (see `unfilled`); "
            "`feasible`: the time limit ended the search before optimality was proven."
        ),
    )
    total = serializers.DecimalField(**MONEY)
    goods_total = serializers.DecimalField(**MONEY)
    supplier_costs_total = serializers.DecimalField(**MONEY)
    suppliers = PlannedSupplierSerializer(many=True)
    awards = PlannedAwardSerializer(many=True)
    greedy_total = serializers.DecimalField(allow_null=True, **MONEY)
    saving = serializers.DecimalField(allow_null=True, **MONEY)
    solve_ms = serializers.IntegerField()
    optimality_gap = serializers.DecimalField(
        max_digits=8,
        decimal_places=6,
        allow_null=True,
        help_text=_(
            "Relative distance between `total` and the best lower bound proven: 0 when `optimal`, positive when "
            "`feasible`, null without a plan."
        ),
    )
    unfilled = UnfilledSerializer(many=True)


def plan_body(result: AwardPlan) -> dict[str, Any]:
    plan = result.plan
    awards = []
    goods: dict[int, Decimal] = {}
    for take in plan.takes:
        kind, source_id = take.offer.source
        awards.append(
            {
                "rfq_line": take.offer.line_id,
                "quantity": take.quantity,
                kind: source_id,
                "unit_price": take.unit_price,
                "line_total": take.line_total,
            }
        )
        goods[take.offer.supplier_id] = goods.get(take.offer.supplier_id, Decimal("0.00")) + take.line_total
    return {
        "status": plan.status.value,
        "total": result.total,
        "goods_total": plan.goods_total,
        "supplier_costs_total": result.supplier_costs_total,
        "suppliers": [
            {"supplier": pk, "supplier_name": result.supplier_names.get(pk, ""), "goods_total": goods[pk]}
            for pk in plan.suppliers
        ],
        "awards": sorted(awards, key=lambda a: (a["rfq_line"], a.get("listing") or 0, a.get("quote_line") or 0)),
        "greedy_total": result.greedy_total,
        "saving": result.saving,
        "solve_ms": plan.solve_ms,
        "optimality_gap": None if plan.gap is None else Decimal(str(round(plan.gap, 6))),
        "unfilled": [{"rfq_line": line, "quantity": quantity} for line, quantity in sorted(plan.unfilled.items())],
    }


class RfqAwardPlanView(APIView):
    permission_classes = [IsAuthenticated, IsBuyer]
    throttle_classes = [OrganizationScopedThrottle]
    throttle_scope = "matching"

    @extend_schema(
        request=AwardPlanInputSerializer,
        responses={
            200: AwardPlanSerializer,
            400: OpenApiResponse(description="Invalid input (`max_suppliers` < 1, negative `per_supplier_cost`)."),
            403: OpenApiResponse(description="Only buyers plan awards."),
            404: OpenApiResponse(description="No such RFQ of yours."),
            409: OpenApiResponse(description="The RFQ is not open (`rfq_closed`)."),
        },
        description="The least-cost plan filling every line from the RFQ's valid quote lines and/or matched "
        "listings with stock: total = goods + `per_supplier_cost` × suppliers used, at most `max_suppliers`, "
        "listing MOQs, stock and all-units price breaks respected, lead times within each line's `required_by` "
        "when asked. Solved exactly as a mixed-integer programme; `awards` post unchanged to `/award/`. "
        "`greedy_total` is each line from its cheapest offers in turn; `saving` = greedy − total. "
        "Creates nothing.",
    )
    def post(self, request: Request, pk: int) -> Response:
        rfq = rfq_get_owned(org=request_organization(request), rfq_id=pk)
        data = AwardPlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = rfq_award_plan(rfq=rfq, **data.validated_data)
        return Response(AwardPlanSerializer(plan_body(result)).data)
