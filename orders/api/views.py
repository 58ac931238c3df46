from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.idempotency import idempotent
from marketplace.organizations.permissions import IsVerifiedBuyer, request_organization
from orders.api.serializers import (
    OrderCancelInputSerializer,
    OrderCreateInputSerializer,
    OrderEventSerializer,
    OrderListQuerySerializer,
    OrderSerializer,
    OrderShipInputSerializer,
)
from orders.models import Order
from orders.selectors import order_events_visible_to, order_get, orders_visible_to
from orders.services import OrderLineSpec, order_cancel, order_confirm, order_deliver, order_place, order_ship

ERRORS = {
    400: OpenApiResponse(description="Invalid input."),
    403: OpenApiResponse(description="Your role may not do this."),
    404: OpenApiResponse(description="No such order of yours."),
    409: OpenApiResponse(description="Illegal state change."),
}


class OrderListCreateView(GenericAPIView):
    serializer_class = OrderSerializer
    filter_backends: list = []
    queryset = Order.objects.none()

    def get_permissions(self) -> list:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsVerifiedBuyer()]
        return [IsAuthenticated()]

    @extend_schema(parameters=[OrderListQuerySerializer], responses=OrderSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = OrderListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        orders = orders_visible_to(request_organization(request), **query.validated_data)
        page = self.paginate_queryset(orders)
        return self.get_paginated_response(OrderSerializer(page, many=True).data)

    @extend_schema(
        request=OrderCreateInputSerializer,
        responses={
            201: OrderSerializer,
            400: ERRORS[400],
            403: OpenApiResponse(description="Only a verified buyer may order."),
            409: OpenApiResponse(description="Not enough stock (nothing reserved), or the same key is in flight."),
            422: OpenApiResponse(description="Idempotency-Key reused with another body."),
        },
        description="Place an order with one supplier; stock is reserved all or nothing. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = OrderCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_place(
            buyer=request.user.organization,
            actor=request.user,
            lines=[
                OrderLineSpec(listing_id=line["listing"], quantity=line["quantity"])
                for line in data.validated_data["lines"]
            ],
            delivery_city=data.validated_data["delivery_city"],
        )
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


class OrderDetailView(APIView):
    @extend_schema(responses={200: OrderSerializer, 404: ERRORS[404]})
    def get(self, request: Request, pk: int) -> Response:
        return Response(OrderSerializer(order_get(request_organization(request), pk)).data)


class OrderConfirmView(APIView):
    @extend_schema(request=None, responses={200: OrderSerializer, **ERRORS}, description="The supplier accepts.")
    def post(self, request: Request, pk: int) -> Response:
        order = order_confirm(order=order_get(request_organization(request), pk), actor=request.user)
        return Response(OrderSerializer(order).data)


class OrderShipView(APIView):
    @extend_schema(
        request=OrderShipInputSerializer, responses={200: OrderSerializer, **ERRORS}, description="The supplier ships."
    )
    def post(self, request: Request, pk: int) -> Response:
        order = order_get(request_organization(request), pk)
        data = OrderShipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_ship(order=order, actor=request.user, **data.validated_data)
        return Response(OrderSerializer(order).data)


class OrderDeliverView(APIView):
    @extend_schema(request=None, responses={200: OrderSerializer, **ERRORS}, description="The buyer confirms receipt.")
    def post(self, request: Request, pk: int) -> Response:
        order = order_deliver(order=order_get(request_organization(request), pk), actor=request.user)
        return Response(OrderSerializer(order).data)


class OrderCancelView(APIView):
    @extend_schema(
        request=OrderCancelInputSerializer,
        responses={200: OrderSerializer, **ERRORS},
        description="The buyer cancels, or the supplier rejects, a placed order; its stock is released.",
    )
    def post(self, request: Request, pk: int) -> Response:
        order = order_get(request_organization(request), pk)
        data = OrderCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_cancel(order=order, actor=request.user, **data.validated_data)
        return Response(OrderSerializer(order).data)


class OrderEventListView(GenericAPIView):
    """The order's whole audit trail as a plain array, as the contract shows it (a handful of rows)."""

    serializer_class = OrderEventSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Order.objects.none()

    @extend_schema(responses={200: OrderEventSerializer(many=True), 404: ERRORS[404]})
    def get(self, request: Request, pk: int) -> Response:
        events = order_events_visible_to(request_organization(request), pk)
        return Response(OrderEventSerializer(events, many=True).data)
