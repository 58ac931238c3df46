"""Thin views: find the request the caller may see (404 otherwise), validate, call one service, render."""

from collections.abc import Iterable
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.exceptions import NotAllowed
from marketplace.core.idempotency import idempotent
from marketplace.custom.api import inputs, outputs
from marketplace.custom.drawings import CONTENT_TYPES
from marketplace.custom.models import CustomQuote, CustomRequest
from marketplace.custom.selectors import (
    access_log_of,
    capability_get_for,
    custom_quotes_visible_to,
    custom_request_get_for,
    custom_requests_visible_to,
    events_of,
    invited_suppliers,
    nda_accepted_among,
)
from marketplace.custom.services import (
    capability_set,
    custom_quote_submit,
    custom_request_award,
    custom_request_cancel,
    custom_request_create,
    drawing_open,
    drawing_upload,
    nda_accept,
)
from marketplace.organizations.permissions import IsSupplier, IsVerifiedBuyer

E400 = OpenApiResponse(description="Invalid input; `errors` names each field.")
E403 = OpenApiResponse(description="Your organisation's role or status may not do this.")
E404 = OpenApiResponse(description="No such custom request (or drawing) that you may see.")
E409 = OpenApiResponse(description="The request is not in a state that allows this (`custom_request_closed`, ...).")


def _organization(request: Request) -> Any:
    return getattr(request.user, "organization", None)


def _context(request: Request, requests: Iterable[CustomRequest] = ()) -> dict[str, Any]:
    org = _organization(request)
    return {
        "organization_id": org.pk if org else -1,
        "nda_accepted": nda_accepted_among(supplier=org, request_ids=[r.pk for r in requests]) if org else set(),
    }


def _owned(request: Request, pk: int) -> CustomRequest:
    """The request if the caller may see it (404 otherwise) and opened it (403 for an invited supplier)."""
    org = _organization(request)
    custom_request = custom_request_get_for(org=org, request_id=pk)
    if custom_request.buyer_id != org.pk:
        raise NotAllowed(_("Only the buyer who opened the request may do this."))
    return custom_request


def _render(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    custom_request = custom_request_get_for(org=_organization(request), request_id=pk)
    context = _context(request, [custom_request])
    return Response(outputs.CustomRequestSerializer(custom_request, context=context).data, status=code)


class CapabilitiesView(APIView):
    permission_classes = [IsAuthenticated, IsSupplier]

    @extend_schema(
        responses={200: outputs.CapabilitySerializer, 403: E403, 404: E404},
        description="Your own declared capabilities (supplier); 404 until declared.",
    )
    def get(self, request: Request) -> Response:
        org = _organization(request)
        capability = capability_get_for(viewer=org, is_staff=False, supplier_id=org.pk)
        return Response(outputs.CapabilitySerializer(capability).data)

    @extend_schema(
        request=inputs.CapabilityInputSerializer,
        responses={200: outputs.CapabilitySerializer, 400: E400, 403: E403},
        description="Declare or replace what you can make (supplier). Unknown processes, certifications, steel "
        "grades, bearing types or precision classes are 400, naming them. Lists left out are empty.",
    )
    def put(self, request: Request) -> Response:
        data = inputs.CapabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        capability = capability_set(supplier=_organization(request), data=data.validated_data)
        return Response(outputs.CapabilitySerializer(capability).data)


class OrganizationCapabilitiesView(APIView):
    @extend_schema(
        responses={200: outputs.CapabilitySerializer, 404: E404},
        description="A verified supplier's declared capabilities, to any verified member (and staff).",
    )
    def get(self, request: Request, pk: int) -> Response:
        capability = capability_get_for(viewer=_organization(request), is_staff=request.user.is_staff, supplier_id=pk)
        return Response(outputs.CapabilitySerializer(capability).data)


class CustomRequestListCreateView(GenericAPIView):
    serializer_class = outputs.CustomRequestSerializer
    filter_backends: list = []
    queryset = CustomRequest.objects.none()

    def get_permissions(self) -> list:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsVerifiedBuyer()]
        return [IsAuthenticated()]

    @extend_schema(
        parameters=[inputs.CustomRequestListQuerySerializer],
        responses=outputs.CustomRequestSerializer(many=True),
        description="A buyer's own custom requests; for a verified supplier the requests it was invited to.",
    )
    def get(self, request: Request) -> Response:
        query = inputs.CustomRequestListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        requests = custom_requests_visible_to(_organization(request))
        if "status" in query.validated_data:
            requests = requests.filter(status=query.validated_data["status"])
        page = self.paginate_queryset(requests.order_by("-created_at", "-pk"))
        return self.get_paginated_response(
            outputs.CustomRequestSerializer(page, many=True, context=_context(request, page)).data
        )

    @extend_schema(
        request=inputs.CustomRequestCreateInputSerializer,
        responses={201: outputs.CustomRequestSerializer, 400: E400, 403: E403},
        description="Open a custom request (verified buyer). Every capable verified supplier is invited and told "
        "(`custom_request.matched`). Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = inputs.CustomRequestCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        custom_request = custom_request_create(
            buyer=_organization(request), actor=request.user, data=data.validated_data
        )
        return _render(request, custom_request.pk, status.HTTP_201_CREATED)


class CustomRequestDetailView(APIView):
    @extend_schema(
        responses={200: outputs.CustomRequestSerializer, 404: E404},
        description="The owner sees everything; an invited supplier sees the specification, quantities, deadline "
        "and application, not the buyer nor the target price. Anyone else: 404.",
    )
    def get(self, request: Request, pk: int) -> Response:
        return _render(request, pk)


class CapableSuppliersView(APIView):
    @extend_schema(
        responses={200: outputs.CapableSupplierSerializer(many=True), 403: E403, 404: E404},
        description="The capable suppliers invited when the request was opened, best score first (owner).",
    )
    def get(self, request: Request, pk: int) -> Response:
        custom_request = _owned(request, pk)
        return Response(outputs.CapableSupplierSerializer(invited_suppliers(request=custom_request), many=True).data)


class DrawingUploadView(APIView):
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        request={"multipart/form-data": inputs.DrawingUploadInputSerializer},
        responses={201: outputs.DrawingSerializer, 400: E400, 403: E403, 404: E404, 413: E400},
        description="Attach a drawing (owner): PDF, PNG, JPEG, DXF, DWG or STEP, recognised by content, at most "
        "20 MiB (413 above). Stored outside the web root. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        custom_request = _owned(request, pk)
        data = inputs.DrawingUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        drawing = drawing_upload(request=custom_request, actor=request.user, upload=data.validated_data["file"])
        return Response(outputs.DrawingSerializer(drawing).data, status=status.HTTP_201_CREATED)


class DrawingDownloadView(APIView):
    @extend_schema(
        responses={
            # The content type of the drawing's kind, as recognised from its bytes at upload.
            **{
                (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")
                for content_type in dict.fromkeys(CONTENT_TYPES.values())
            },
            403: E403,
            404: E404,
            409: OpenApiResponse(description="`custom_request_closed`: the request was cancelled, drawings unshared."),
        },
        description="The drawing file: to the owner, and to an invited supplier after `accept-nda` (before that "
        "403 `nda_required`). Every supplier download is logged; a cancelled request's drawings are 409.",
    )
    def get(self, request: Request, pk: int, drawing_pk: int) -> FileResponse:
        custom_request = custom_request_get_for(org=_organization(request), request_id=pk)
        drawing, handle = drawing_open(request=custom_request, drawing_id=drawing_pk, actor=request.user)
        response = FileResponse(
            handle, as_attachment=True, filename=drawing.filename, content_type=CONTENT_TYPES[drawing.kind]
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class NdaAcceptView(APIView):
    @extend_schema(
        request=None,
        responses={200: outputs.NdaAcceptanceSerializer, 403: E403, 404: E404, 409: E409},
        description="An invited supplier accepts the request's non-disclosure terms, opening its drawings to it. "
        "Logged once per user; repeating is harmless.",
    )
    def post(self, request: Request, pk: int) -> Response:
        custom_request = custom_request_get_for(org=_organization(request), request_id=pk)
        invitation = nda_accept(request=custom_request, actor=request.user)
        return Response(outputs.NdaAcceptanceSerializer(invitation).data)


class AccessLogView(APIView):
    @extend_schema(
        responses={200: outputs.AccessLogEntrySerializer(many=True), 403: E403, 404: E404},
        description="Every NDA acceptance and drawing download by suppliers, oldest first (owner).",
    )
    def get(self, request: Request, pk: int) -> Response:
        custom_request = _owned(request, pk)
        return Response(outputs.AccessLogEntrySerializer(access_log_of(request=custom_request), many=True).data)


class CustomQuotesView(GenericAPIView):
    serializer_class = outputs.CustomQuoteSerializer
    filter_backends: list = []
    queryset = CustomQuote.objects.none()

    @extend_schema(
        responses={200: outputs.CustomQuoteSerializer(many=True), 404: E404},
        description="The owner sees every quote; an invited supplier only its own. Each with its earlier revisions.",
    )
    def get(self, request: Request, pk: int) -> Response:
        org = _organization(request)
        custom_request = custom_request_get_for(org=org, request_id=pk)
        page = self.paginate_queryset(custom_quotes_visible_to(request=custom_request, org=org))
        return self.get_paginated_response(outputs.CustomQuoteSerializer(page, many=True).data)

    @extend_schema(
        request=inputs.CustomQuoteInputSerializer,
        responses={201: outputs.CustomQuoteSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
        description="Quote (invited supplier, request open, before the deadline; 409 after). Posting again "
        "revises the same quote, the earlier one kept. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        custom_request = custom_request_get_for(org=_organization(request), request_id=pk)
        data = inputs.CustomQuoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quote = custom_quote_submit(request=custom_request, actor=request.user, data=data.validated_data)
        quote = CustomQuote.objects.prefetch_related("revisions").get(pk=quote.pk)
        return Response(outputs.CustomQuoteSerializer(quote).data, status=status.HTTP_201_CREATED)


class CustomAwardView(APIView):
    @extend_schema(
        request=inputs.CustomAwardInputSerializer,
        responses={201: outputs.CustomAwardResultSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
        description="Award the request to one quote (owner; quantity ≥ the quote's moq): one order with the bearing "
        "line and, when tooling_cost > 0, a tooling line. A second award is 409. Honours Idempotency-Key.",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        custom_request = _owned(request, pk)
        data = inputs.CustomAwardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = custom_request_award(
            request=custom_request,
            actor=request.user,
            quote_id=data.validated_data["quote"],
            quantity=data.validated_data["quantity"],
        )
        return Response(outputs.CustomAwardResultSerializer({"order": order}).data, status=status.HTTP_201_CREATED)


class CustomRequestCancelView(APIView):
    @extend_schema(
        request=inputs.CustomRequestCancelInputSerializer,
        responses={200: outputs.CustomRequestSerializer, 403: E403, 404: E404, 409: E409},
        description="Cancel an open or closed (not yet awarded) request (owner) with an optional reason; invited "
        "and quoting suppliers are told (`custom_request.cancelled`) and its drawings are no longer shared.",
    )
    def post(self, request: Request, pk: int) -> Response:
        custom_request = _owned(request, pk)
        data = inputs.CustomRequestCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        custom_request_cancel(request=custom_request, actor=request.user, reason=data.validated_data["reason"])
        return _render(request, pk)


class CustomRequestEventsView(APIView):
    @extend_schema(
        responses={200: outputs.CustomRequestEventSerializer(many=True), 403: E403, 404: E404},
        description="Every status change of the request, oldest first (owner).",
    )
    def get(self, request: Request, pk: int) -> Response:
        custom_request = _owned(request, pk)
        return Response(outputs.CustomRequestEventSerializer(events_of(request=custom_request), many=True).data)
