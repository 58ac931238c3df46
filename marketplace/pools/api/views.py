"""Thin views: validate input, call one service or selector, render the output."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.idempotency import idempotent
from marketplace.organizations.permissions import IsBuyer, IsVerifiedBuyer, IsVerifiedSupplier
from marketplace.pools.api import inputs, outputs
from marketplace.pools.models import Pool
from marketplace.pools.selectors import is_verified_member, pool_get_for, pools_visible_to
from marketplace.pools.services import pool_commit, pool_create, pool_withdraw

E400 = OpenApiResponse(description="Invalid input; `errors` names each field, nested as `tiers.1.unit_price`.")
E403 = OpenApiResponse(description="Your organisation's role or status may not do this.")
E404 = OpenApiResponse(description="No such pool.")
E409 = OpenApiResponse(
    description="`pool_closed`: the pool is past closes_at or settled; `pool_full`: the total would exceed "
    "max_total_quantity."
)


class IsVerifiedMember(BasePermission):
    message = _("Only verified organisations may see pools.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_verified_member(_organization(request))


def _organization(request: Request) -> Any:
    return getattr(request.user, "organization", None) if request.user.is_authenticated else None


def _render(request: Request, pool: Pool) -> dict[str, Any]:
    org = _organization(request)
    fresh = pool_get_for(org=org, pool_id=pool.pk)
    return outputs.PoolSerializer(fresh, context={"organization_id": org.pk}).data


class PoolListCreateView(GenericAPIView):
    serializer_class = outputs.PoolSerializer
    filter_backends: list = []
    queryset = Pool.objects.none()

    def get_permissions(self) -> list:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsVerifiedSupplier()]
        return [IsAuthenticated(), IsVerifiedMember()]

    @extend_schema(
        parameters=[inputs.PoolListQuerySerializer],
        responses={200: outputs.PoolSerializer(many=True), 400: E400, 403: E403},
        description="Every pool, soonest closing first (verified members). Totals and participant counts only: "
        "the owner also sees `commitments` on its own pools, a buyer its `my_commitment`.",
    )
    def get(self, request: Request) -> Response:
        query = inputs.PoolListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        org = _organization(request)
        pools = pools_visible_to(org)
        for name in ("status", "kind"):
            if name in query.validated_data:
                pools = pools.filter(**{name: query.validated_data[name]})
        page = self.paginate_queryset(pools.order_by("closes_at", "pk"))
        data = outputs.PoolSerializer(page, many=True, context={"organization_id": org.pk}).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=inputs.PoolCreateInputSerializer,
        responses={201: outputs.PoolSerializer, 400: E400, 403: E403},
        description="Open a pool (verified supplier) for a bearing (parsed like a listing) or a bearing steel. "
        "It closes by itself within 30 s after closes_at. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = inputs.PoolCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pool = pool_create(owner=request.user.organization, actor=request.user, data=data.validated_data)
        return Response(_render(request, pool), status=status.HTTP_201_CREATED)


class PoolDetailView(APIView):
    permission_classes = [IsAuthenticated, IsVerifiedMember]

    @extend_schema(
        responses={200: outputs.PoolSerializer, 403: E403, 404: E404},
        description="Tiers, totals and participant count; never another buyer's identity or quantity.",
    )
    def get(self, request: Request, pk: int) -> Response:
        org = _organization(request)
        pool = pool_get_for(org=org, pool_id=pk)
        return Response(outputs.PoolSerializer(pool, context={"organization_id": org.pk}).data)


class PoolCommitView(APIView):
    permission_classes = [IsAuthenticated, IsVerifiedBuyer]

    @extend_schema(
        request=inputs.CommitInputSerializer,
        responses={200: outputs.PoolSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
        description="Commit to an open pool before closes_at (verified buyer); posting again replaces the "
        "commitment. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        org = _organization(request)
        pool = pool_get_for(org=org, pool_id=pk)
        data = inputs.CommitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pool = pool_commit(
            pool=pool,
            buyer=org,
            actor=request.user,
            quantity=data.validated_data["quantity"],
            max_unit_price=data.validated_data.get("max_unit_price"),
        )
        return Response(_render(request, pool))


class PoolWithdrawView(APIView):
    permission_classes = [IsAuthenticated, IsBuyer, IsVerifiedMember]

    @extend_schema(
        request=None,
        responses={200: outputs.PoolSerializer, 403: E403, 404: E404, 409: E409},
        description="Withdraw your commitment while the pool is open (buyer); repeating it changes nothing.",
    )
    def post(self, request: Request, pk: int) -> Response:
        org = _organization(request)
        pool = pool_withdraw(pool=pool_get_for(org=org, pool_id=pk), buyer=org, actor=request.user)
        return Response(_render(request, pool))
