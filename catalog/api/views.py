"""Catalog endpoints: thin views over catalog.services and catalog.selectors."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.renderers import CSVFileRenderer, XLSXFileRenderer
from catalog.api.serializers import (
    IMPORT_COLUMNS_HELP,
    BulkInputSerializer,
    BulkOutputSerializer,
    ConfirmStockInputSerializer,
    ConfirmStockOutputSerializer,
    DesignationQuerySerializer,
    DesignationSerializer,
    ListingImportCreatedSerializer,
    ListingImportInputSerializer,
    ListingImportSerializer,
    ListingInputSerializer,
    ListingOutputSerializer,
)
from catalog.designations import parse
from catalog.errors import UnsupportedFile
from catalog.filters import ListingFilter
from catalog.models import Listing
from catalog.selectors import (
    listing_get_owned,
    listing_get_visible,
    listing_imports_of,
    listings_search,
)
from catalog.services import (
    listing_create,
    listing_delete,
    listing_import_create,
    listing_update,
    listings_bulk_upsert,
    listings_confirm_stock,
)
from catalog.services.imports.template import template_csv, template_xlsx
from marketplace.core.exceptions import InvalidInput
from marketplace.core.idempotency import idempotent
from marketplace.core.routing import replica_view
from marketplace.core.throttling import OrganizationScopedThrottle
from marketplace.organizations.permissions import IsSupplier, request_organization


class ListingListCreateView(GenericAPIView):
    """GET searches the listings the caller may see; POST (suppliers) creates one."""

    serializer_class = ListingOutputSerializer
    filter_backends = (DjangoFilterBackend,)  # for the schema; listings_search applies the same FilterSet
    filterset_class = ListingFilter
    queryset = Listing.objects.none()
    throttle_scope = "search"

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsSupplier()]
        return [IsAuthenticated()]

    def get_throttles(self) -> list[Any]:
        return [OrganizationScopedThrottle()] if self.request.method == "GET" else []

    @extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter("page_size", int, description="Items per page, default 50, capped at 200."),
        ],
        responses=ListingOutputSerializer(many=True),
    )
    @replica_view
    def get(self, request: Request) -> Response:
        queryset = listings_search(org=request_organization(request), params=request.query_params)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ListingOutputSerializer(page, many=True).data)

    @extend_schema(request=ListingInputSerializer, responses={201: ListingOutputSerializer})
    @idempotent
    def post(self, request: Request) -> Response:
        listing = listing_create(supplier=request_organization(request), data=request.data)
        return Response(ListingOutputSerializer(listing).data, status=status.HTTP_201_CREATED)


class ListingDetailView(APIView):
    """A listing: readable when visible, writable only by its supplier (404 otherwise)."""

    def _owned(self, request: Request, pk: int) -> Listing:
        listing = listing_get_owned(org=request_organization(request), listing_id=pk)
        if listing is None:
            raise Http404
        return listing

    @extend_schema(responses=ListingOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        listing = listing_get_visible(org=request_organization(request), listing_id=pk)
        if listing is None:
            raise Http404
        return Response(ListingOutputSerializer(listing).data)

    @extend_schema(request=ListingInputSerializer, responses=ListingOutputSerializer)
    def put(self, request: Request, pk: int) -> Response:
        listing = listing_update(listing=self._owned(request, pk), data=request.data, actor=request.user)
        return Response(ListingOutputSerializer(listing).data)

    @extend_schema(request=ListingInputSerializer(partial=True), responses=ListingOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        listing = listing_update(listing=self._owned(request, pk), data=request.data, actor=request.user, partial=True)
        return Response(ListingOutputSerializer(listing).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        listing_delete(listing=self._owned(request, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ListingBulkView(APIView):
    """Upsert up to 1000 listings by SKU; refused items are reported by index, the rest land."""

    permission_classes = (IsAuthenticated, IsSupplier)

    @extend_schema(request=BulkInputSerializer, responses=BulkOutputSerializer)
    @idempotent
    def post(self, request: Request) -> Response:
        data = request.data
        if not isinstance(data, dict) or "listings" not in data:
            message = _("This field is required.")
            raise InvalidInput(f"listings: {message}", errors={"listings": [message]})
        result = listings_bulk_upsert(supplier=request_organization(request), items=data["listings"])
        return Response(result.as_dict(), status=status.HTTP_200_OK)


class ListingConfirmStockView(APIView):
    """Confirm the stock of the caller's own listings without changing quantities (stock freshness)."""

    permission_classes = (IsAuthenticated, IsSupplier)

    @extend_schema(request=ConfirmStockInputSerializer, responses=ConfirmStockOutputSerializer)
    def post(self, request: Request) -> Response:
        data = ConfirmStockInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = None if data.validated_data.get("all") else data.validated_data["ids"]
        confirmed = listings_confirm_stock(supplier=request_organization(request), ids=ids)
        return Response({"confirmed": confirmed})


class ListingImportCreateView(APIView):
    """Upload a CSV or XLSX of listings; the import runs in the background (202)."""

    permission_classes = (IsAuthenticated, IsSupplier)
    parser_classes = (MultiPartParser, FormParser)
    throttle_classes = (OrganizationScopedThrottle,)
    throttle_scope = "import"

    @extend_schema(
        request={"multipart/form-data": ListingImportInputSerializer},
        responses={202: ListingImportCreatedSerializer},
        description=IMPORT_COLUMNS_HELP,
    )
    @idempotent
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            message = _("Attach the spreadsheet as the multipart field 'file'.")
            raise UnsupportedFile(message, errors={"file": [message]})
        listing_import = listing_import_create(supplier=request_organization(request), user=request.user, upload=upload)
        return Response(ListingImportCreatedSerializer(listing_import).data, status=status.HTTP_202_ACCEPTED)


class ListingImportTemplateView(APIView):
    """The stock-sheet template, header row in the caller's language, with one example row."""

    permission_classes = (IsAuthenticated, IsSupplier)
    renderer_classes = (CSVFileRenderer, XLSXFileRenderer, JSONRenderer)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["csv", "xlsx"], description="File type, default csv.")],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, XLSXFileRenderer.media_type): OpenApiTypes.BINARY},
        description=IMPORT_COLUMNS_HELP,
    )
    def get(self, request: Request) -> Response:
        language = get_language() or "en"
        if request.accepted_renderer.format == "xlsx":
            content, extension = template_xlsx(language), "xlsx"
        else:
            content, extension = template_csv(language), "csv"
        return Response(
            content,
            content_type=request.accepted_renderer.media_type,
            headers={"Content-Disposition": f'attachment; filename="listings-template.{extension}"'},
        )

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:
            message = _("Choose format=csv or format=xlsx.")
            raise InvalidInput(message, errors={"format": [message]}) from None

    def handle_exception(self, exc: Exception) -> Response:
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class ListingImportDetailView(APIView):
    permission_classes = (IsAuthenticated, IsSupplier)

    @extend_schema(responses=ListingImportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        listing_import = listing_imports_of(request_organization(request)).filter(pk=pk).first()
        if listing_import is None:
            raise Http404
        return Response(ListingImportSerializer(listing_import).data)


class DesignationParseView(APIView):
    """Parse a designation written in any brand's notation into the ISO attributes."""

    throttle_classes = (OrganizationScopedThrottle,)
    throttle_scope = "search"

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True, description="Designation text, 1-200 characters.")],
        responses=DesignationSerializer,
    )
    def get(self, request: Request) -> Response:
        query = DesignationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(parse(query.validated_data["q"]).as_dict())
