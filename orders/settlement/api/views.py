from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.organizations.permissions import IsSupplier
from orders.settlement.api.renderers import CSVRenderer
from orders.settlement.api.serializers import SettlementFilterSerializer, SettlementSerializer
from orders.settlement.selectors import settlements_for_supplier
from orders.settlement.statement import settlement_statement_csv


class SettlementListView(GenericAPIView):
    """A supplier's settlements; `?format=csv` returns the month's statement (this month without `period`)."""

    permission_classes = (IsSupplier,)
    renderer_classes = (JSONRenderer, CSVRenderer)
    filter_backends = ()

    @extend_schema(
        parameters=[SettlementFilterSerializer],
        responses={
            (200, "application/json"): SettlementSerializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
        },
        operation_id="settlements_list",
    )
    def get(self, request: Request) -> Response:
        filters = SettlementFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        period = filters.validated_data.get("period")
        supplier = request.user.organization
        if request.accepted_renderer.format == CSVRenderer.format:
            month = period or timezone.localdate().replace(day=1)
            settlements = settlements_for_supplier(supplier=supplier, period=month).order_by("settled_at", "pk")
            filename = f"settlements-{month:%Y-%m}.csv"
            return Response(
                settlement_statement_csv(settlements=settlements.iterator(chunk_size=2000)),
                content_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
        page = self.paginate_queryset(settlements_for_supplier(supplier=supplier, period=period))
        return self.get_paginated_response(SettlementSerializer(page, many=True).data)

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:
            # An unknown ?format= is a bad parameter (400), not a missing page.
            SettlementFilterSerializer(data=request.query_params).is_valid(raise_exception=True)
            raise

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are JSON in the contract's shape whatever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
