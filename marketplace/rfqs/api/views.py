"""Thin views: validate input, call one service or selector, render the output."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.idempotency import idempotent
from marketplace.core.routing import replica_call
from marketplace.core.throttling import OrganizationScopedThrottle
from marketplace.organizations.permissions import IsBuyer, IsVerifiedBuyer, IsVerifiedSupplier, request_organization
from marketplace.rfqs.api import inputs, outputs
from marketplace.rfqs.matching import line_spec, match_lines
from marketplace.rfqs.models import Quote, Rfq
from marketplace.rfqs.selectors import (
    quote_comparison,
    quote_get_for,
    quotes_visible_to,
    rfq_events_visible_to,
    rfq_get_for,
    rfq_get_owned,
    rfqs_visible_to,
    supplier_names,
)
from marketplace.rfqs.services import quote_submit, rfq_award, rfq_cancel, rfq_create, rfq_decline

E400 = OpenApiResponse(description="Invalid input; `errors` names each field, nested as `lines.3.quantity`.")
E403 = OpenApiResponse(description="Your organisation's role or status may not do this.")
E404 = OpenApiResponse(description="No such RFQ (or quote) that you may see.")
E409 = OpenApiResponse(description="The RFQ or quote is not in a state that allows this (`rfq_closed`, ...).")


def _rfq_context(request: Request) -> dict[str, Any]:
    org = request_organization(request)
    return {"organization_id": org.pk if org else -1}


class RfqListCreateView(GenericAPIView):
    serializer_class = outputs.RfqSerializer
    filter_backends: list = []
    queryset = Rfq.objects.none()

    def get_permissions(self) -> list:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsVerifiedBuyer()]
        return [IsAuthenticated()]

    @extend_schema(
        parameters=[inputs.RfqListQuerySerializer],
        responses=outputs.RfqSerializer(many=True),
        description="A buyer's own RFQs; for a supplier its inbox (open RFQs matching its catalog) and RFQs it quoted.",
    )
    def get(self, request: Request) -> Response:
        query = inputs.RfqListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rfqs = rfqs_visible_to(request_organization(request))
        if "status" in query.validated_data:
            rfqs = rfqs.filter(status=query.validated_data["status"])
        page = self.paginate_queryset(rfqs.order_by("-created_at", "-pk"))
        return self.get_paginated_response(outputs.RfqSerializer(page, many=True, context=_rfq_context(request)).data)

    @extend_schema(
        request=inputs.RfqCreateInputSerializer,
        responses={201: outputs.RfqSerializer, 400: E400, 403: E403},
        description="Open an RFQ (verified buyer). Matching suppliers are invited and told. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = inputs.RfqCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rfq = rfq_create(buyer=request.user.organization, actor=request.user, data=data.validated_data)
        rfq = Rfq.objects.select_related("buyer").prefetch_related("lines").get(pk=rfq.pk)
        return Response(outputs.RfqSerializer(rfq, context=_rfq_context(request)).data, status=status.HTTP_201_CREATED)


class RfqDetailView(APIView):
    @extend_schema(
        responses={200: outputs.RfqSerializer, 404: E404},
        description="The owner sees everything; a verified supplier sees an open RFQ without the buyer's identity "
        "or target prices unless the buyer chose to show them.",
    )
    def get(self, request: Request, pk: int) -> Response:
        rfq = rfq_get_for(org=request_organization(request), rfq_id=pk)
        return Response(outputs.RfqSerializer(rfq, context=_rfq_context(request)).data)


class RfqMatchesView(APIView):
    permission_classes = [IsAuthenticated, IsBuyer]
    throttle_classes = [OrganizationScopedThrottle]
    throttle_scope = "matching"

    @extend_schema(
        parameters=[inputs.MatchesQuerySerializer],
        responses={200: outputs.RfqMatchesSerializer, 400: E400, 403: E403, 404: E404},
        description="Listings that fit each line, best first (owner only).",
    )
    def get(self, request: Request, pk: int) -> Response:
        query = inputs.MatchesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rfq = rfq_get_owned(org=request_organization(request), rfq_id=pk)
        limit = min(query.validated_data["limit"], inputs.MAX_MATCH_LIMIT)
        # The RFQ is read from the primary (it may have just been written); the candidates, which
        # tolerate a few seconds of lag, from a replica when one is healthy.
        results = replica_call(
            match_lines,
            lines=[line_spec(line) for line in rfq.lines.order_by("position")],
            buyer_id=rfq.buyer_id,
            limit=limit,
            organization_id=rfq.buyer_id,
        )
        names = supplier_names(ids={m.supplier_id for line in results for m in line.matches})
        data = outputs.RfqMatchesSerializer({"rfq": rfq.pk, "lines": results}, context={"supplier_names": names}).data
        return Response(data)


class RfqQuotesView(GenericAPIView):
    serializer_class = outputs.QuoteSerializer
    filter_backends: list = []
    queryset = Quote.objects.none()

    def get_permissions(self) -> list:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsVerifiedSupplier()]
        return [IsAuthenticated()]

    @extend_schema(
        responses={200: outputs.QuoteSerializer(many=True), 404: E404},
        description="The buyer sees every quote; a supplier only its own.",
    )
    def get(self, request: Request, pk: int) -> Response:
        org = request_organization(request)
        rfq = rfq_get_for(org=org, rfq_id=pk)
        page = self.paginate_queryset(quotes_visible_to(rfq=rfq, org=org))
        return self.get_paginated_response(outputs.QuoteSerializer(page, many=True).data)

    @extend_schema(
        request=inputs.QuoteSubmitInputSerializer,
        responses={201: outputs.QuoteSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
        description="Submit a sealed quote (verified supplier, RFQ open, before the deadline). Submitting again "
        "revises the same quote; earlier submissions are kept. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        org = request_organization(request)
        rfq = rfq_get_for(org=org, rfq_id=pk)
        data = inputs.QuoteSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quote = quote_submit(rfq=rfq, supplier=org, actor=request.user, data=data.validated_data)
        return Response(outputs.QuoteSerializer(quote).data, status=status.HTTP_201_CREATED)


class RfqQuoteDetailView(APIView):
    @extend_schema(
        responses={200: outputs.QuoteDetailSerializer, 404: E404},
        description="One quote with its earlier revisions: the buyer's, or the supplier's own.",
    )
    def get(self, request: Request, pk: int, quote_pk: int) -> Response:
        org = request_organization(request)
        rfq = rfq_get_for(org=org, rfq_id=pk)
        return Response(outputs.QuoteDetailSerializer(quote_get_for(rfq=rfq, org=org, quote_id=quote_pk)).data)


class RfqQuoteComparisonView(APIView):
    permission_classes = [IsAuthenticated, IsBuyer]

    @extend_schema(
        responses={200: outputs.QuoteComparisonSerializer, 403: E403, 404: E404},
        description="Per line, every live offer cheapest first, with the lowest price and shortest lead time "
        "(owner only).",
    )
    def get(self, request: Request, pk: int) -> Response:
        rfq = rfq_get_owned(org=request_organization(request), rfq_id=pk)
        lines = quote_comparison(rfq=rfq)
        names = supplier_names(ids={offer.supplier_id for line in lines for offer in line.offers})
        return Response(
            outputs.QuoteComparisonSerializer({"rfq": rfq.pk, "lines": lines}, context={"supplier_names": names}).data
        )


class RfqDeclineView(APIView):
    permission_classes = [IsAuthenticated, IsVerifiedSupplier]

    @extend_schema(
        request=inputs.DeclineInputSerializer,
        responses={200: outputs.DeclineSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
        description="Record that this supplier will not quote; a quote it had submitted is withdrawn.",
    )
    def post(self, request: Request, pk: int) -> Response:
        org = request_organization(request)
        rfq = rfq_get_for(org=org, rfq_id=pk)
        data = inputs.DeclineInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decline = rfq_decline(rfq=rfq, supplier=org, reason=data.validated_data["reason"])
        return Response(outputs.DeclineSerializer(decline).data)


class RfqAwardView(APIView):
    permission_classes = [IsAuthenticated, IsVerifiedBuyer]

    @extend_schema(
        request=inputs.AwardRequestInputSerializer,
        responses={201: outputs.AwardResultSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
        description="Award lines to quote lines or listings: one order per supplier, listing stock reserved, all "
        "or nothing. The RFQ becomes `awarded`. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        rfq = rfq_get_owned(org=request_organization(request), rfq_id=pk)
        data = inputs.AwardRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        orders = rfq_award(rfq=rfq, actor=request.user, awards=data.validated_data["awards"])
        return Response(outputs.AwardResultSerializer({"orders": orders}).data, status=status.HTTP_201_CREATED)


class RfqCancelView(APIView):
    permission_classes = [IsAuthenticated, IsBuyer]

    @extend_schema(
        request=None,
        responses={200: outputs.RfqSerializer, 403: E403, 404: E404, 409: E409},
        description="Cancel an open RFQ (owner); invited and quoting suppliers are told.",
    )
    def post(self, request: Request, pk: int) -> Response:
        rfq = rfq_get_owned(org=request_organization(request), rfq_id=pk)
        rfq = rfq_cancel(rfq=rfq, actor=request.user)
        rfq = Rfq.objects.select_related("buyer").prefetch_related("lines").get(pk=rfq.pk)
        return Response(outputs.RfqSerializer(rfq, context=_rfq_context(request)).data)


class RfqEventListView(APIView):
    """The RFQ's whole audit trail as a plain array, like an order's (a handful of rows)."""

    @extend_schema(
        responses={200: outputs.RfqEventSerializer(many=True), 404: E404},
        description="Every status change of the RFQ, its opening first (owner only).",
    )
    def get(self, request: Request, pk: int) -> Response:
        events = rfq_events_visible_to(org=request_organization(request), rfq_id=pk)
        return Response(outputs.RfqEventSerializer(events, many=True).data)
