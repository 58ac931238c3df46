"""Brand authorisation endpoints: suppliers upload letters, staff verify or reject them."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import BrandAuthorization
from catalog.selectors import brand_authorizations_visible_to
from catalog.services import brand_authorization_create, brand_authorization_reject, brand_authorization_verify
from catalog.services.authorizations import DOCUMENT_MAGIC
from marketplace.core.exceptions import NotAllowed
from marketplace.core.idempotency import idempotent
from marketplace.organizations.permissions import IsStaff, IsSupplier, request_organization

DOCUMENT_CONTENT_TYPES = tuple(content_type for _magic, content_type in DOCUMENT_MAGIC)


class BrandAuthorizationInputSerializer(serializers.Serializer):
    brand = serializers.CharField(max_length=32)
    valid_until = serializers.DateField()
    document = serializers.FileField(help_text="PDF, JPEG or PNG (known by content), at most 10 MiB.")


class BrandAuthorizationSerializer(serializers.ModelSerializer):
    brand = serializers.CharField(source="brand.code")
    supplier = serializers.IntegerField(source="supplier_id")

    class Meta:
        model = BrandAuthorization
        fields = ("id", "supplier", "brand", "status", "valid_until", "reason", "created_at", "decided_at")
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _authorization(request: Request, pk: int) -> BrandAuthorization:
    authorization = brand_authorizations_visible_to(request.user).filter(pk=pk).first()
    if authorization is None:
        raise Http404
    return authorization


class BrandAuthorizationListCreateView(GenericAPIView):
    """GET: the caller's organisation's authorisations (staff: all). POST (supplier): upload a letter."""

    serializer_class = BrandAuthorizationSerializer
    queryset = BrandAuthorization.objects.none()
    parser_classes = (MultiPartParser, FormParser)

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsSupplier()]
        return [IsAuthenticated()]

    @extend_schema(
        parameters=[OpenApiParameter("page_size", int, description="Items per page, default 50, capped at 200.")],
        responses=BrandAuthorizationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(brand_authorizations_visible_to(request.user))
        return self.get_paginated_response(BrandAuthorizationSerializer(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": BrandAuthorizationInputSerializer},
        responses={201: BrandAuthorizationSerializer, 413: OpenApiResponse(description="Document over 10 MiB.")},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = BrandAuthorizationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        authorization = brand_authorization_create(
            supplier=request_organization(request),
            actor=request.user,
            brand=data.validated_data["brand"],
            valid_until=data.validated_data["valid_until"],
            upload=data.validated_data["document"],
        )
        return Response(BrandAuthorizationSerializer(authorization).data, status=status.HTTP_201_CREATED)


class BrandAuthorizationDetailView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=BrandAuthorizationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(BrandAuthorizationSerializer(_authorization(request, pk)).data)


class BrandAuthorizationDocumentView(APIView):
    """The uploaded letter, served only to its supplier's users and staff."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={
            # The content type the document's bytes proved at upload.
            (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The document.")
            for content_type in DOCUMENT_CONTENT_TYPES
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        authorization = _authorization(request, pk)
        return FileResponse(
            authorization.document.open("rb"),
            as_attachment=True,
            filename=authorization.document_name,
            content_type=authorization.document_content_type,
        )


class _Review(APIView):
    # Staff only, checked before the object (a permission class, so the schema documents the 403).
    permission_classes = (IsAuthenticated, IsStaff)

    def _target(self, request: Request, pk: int) -> BrandAuthorization:
        if not request.user.is_staff:
            raise NotAllowed()
        return _authorization(request, pk)


REVIEW_RESPONSES = {
    200: BrandAuthorizationSerializer,
    409: OpenApiResponse(description="`illegal_transition`: the authorisation was already decided that way."),
}


class BrandAuthorizationVerifyView(_Review):
    @extend_schema(request=ReasonSerializer, responses=REVIEW_RESPONSES)
    def post(self, request: Request, pk: int) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        authorization = brand_authorization_verify(
            authorization=self._target(request, pk), actor=request.user, note=data.validated_data["reason"]
        )
        return Response(BrandAuthorizationSerializer(authorization).data)


class BrandAuthorizationRejectView(_Review):
    @extend_schema(request=ReasonSerializer, responses=REVIEW_RESPONSES)
    def post(self, request: Request, pk: int) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        authorization = brand_authorization_reject(
            authorization=self._target(request, pk), actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(BrandAuthorizationSerializer(authorization).data)
