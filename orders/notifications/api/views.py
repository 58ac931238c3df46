from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.core.idempotency import idempotent
from orders.notifications import selectors
from orders.notifications.api.serializers import (
    NotificationFilterSerializer,
    NotificationSerializer,
    WebhookCreateInputSerializer,
    WebhookDeliverySerializer,
    WebhookEndpointSerializer,
    WebhookSecretSerializer,
)
from orders.notifications.services import (
    notification_mark_read,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_rotate_secret,
)


class HasOrganization(BasePermission):
    message = "Only members of an organisation may do this."

    def has_permission(self, request: Request, view: object) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.organization_id)


class OrganizationView(GenericAPIView):
    permission_classes = (IsAuthenticated, HasOrganization)
    filter_backends = ()


class NotificationListView(OrganizationView):
    @extend_schema(
        parameters=[NotificationFilterSerializer],
        responses=NotificationSerializer(many=True),
        operation_id="notifications_list",
    )
    def get(self, request: Request) -> Response:
        filters = NotificationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = selectors.notifications_for(
            organization=request.user.organization, unread=filters.validated_data["unread"]
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationReadView(OrganizationView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        notification = selectors.notification_get(organization=request.user.organization, notification_id=pk)
        notification = notification_mark_read(notification=notification)
        return Response(NotificationSerializer(notification).data)


class WebhookListCreateView(OrganizationView):
    serializer_class = WebhookCreateInputSerializer  # what OPTIONS describes for POST

    @extend_schema(responses=WebhookEndpointSerializer(many=True), operation_id="webhooks_list")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.webhook_endpoints_for(organization=request.user.organization))
        return self.get_paginated_response(WebhookEndpointSerializer(page, many=True).data)

    @extend_schema(
        request=WebhookCreateInputSerializer,
        responses={201: WebhookSecretSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = WebhookCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhook_endpoint_create(organization=request.user.organization, **data.validated_data)
        return Response(WebhookSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class WebhookDetailView(OrganizationView):
    @extend_schema(responses=WebhookEndpointSerializer)
    def get(self, request: Request, pk: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(organization=request.user.organization, endpoint_id=pk)
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(organization=request.user.organization, endpoint_id=pk)
        webhook_endpoint_delete(endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookRotateSecretView(OrganizationView):
    @extend_schema(request=None, responses=WebhookSecretSerializer)
    def post(self, request: Request, pk: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(organization=request.user.organization, endpoint_id=pk)
        endpoint = webhook_endpoint_rotate_secret(endpoint=endpoint)
        return Response(WebhookSecretSerializer(endpoint).data)


class WebhookDeliveryListView(OrganizationView):
    @extend_schema(responses=WebhookDeliverySerializer(many=True), operation_id="webhooks_deliveries_list")
    def get(self, request: Request, pk: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(organization=request.user.organization, endpoint_id=pk)
        page = self.paginate_queryset(selectors.webhook_deliveries_for(endpoint=endpoint))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
