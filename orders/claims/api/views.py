from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.exceptions import NotFound
from marketplace.core.idempotency import idempotent
from orders.claims.api.serializers import (
    ClaimCreateInputSerializer,
    ClaimEventSerializer,
    ClaimEvidenceInputSerializer,
    ClaimEvidenceSerializer,
    ClaimListQuerySerializer,
    ClaimNoteInputSerializer,
    ClaimResolveInputSerializer,
    ClaimRespondInputSerializer,
    ClaimSerializer,
)
from orders.claims.models import Claim
from orders.claims.selectors import (
    claim_events,
    claim_evidence_get,
    claim_evidence_list,
    claim_get,
    claims_visible_to,
)
from orders.claims.services import (
    ClaimLineSpec,
    claim_escalate,
    claim_evidence_add,
    claim_file,
    claim_offer_accept,
    claim_resolve,
    claim_respond,
    claim_withdraw,
)
from orders.claims.services.evidence import EXTENSIONS
from orders.selectors import order_get

ERRORS = {
    400: OpenApiResponse(description="Invalid input."),
    403: OpenApiResponse(description="Your role may not do this."),
    404: OpenApiResponse(description="No such claim of yours."),
    409: OpenApiResponse(description="The claim's state does not allow this move."),
}


def _claim(request: Request, pk: int) -> Claim:
    return claim_get(request.user, pk)


class OrderClaimCreateView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=ClaimCreateInputSerializer,
        responses={
            201: ClaimSerializer,
            400: OpenApiResponse(
                description="Invalid input: a line not of this order, a quantity above the "
                "line's, or requested_amount above the claimed lines' value less earlier refunds."
            ),
            403: OpenApiResponse(description="Only the order's buyer may file a claim."),
            404: OpenApiResponse(description="No such order of yours."),
            409: OpenApiResponse(
                description="`claim_window_closed` after release_at; `order_not_delivered`; "
                "`claim_already_open`; or the same Idempotency-Key in flight."
            ),
            422: OpenApiResponse(description="Idempotency-Key reused with another body."),
        },
        description="The buyer files a claim on a delivered or settled order before its payout's release_at. "
        "Honours Idempotency-Key.",
        operation_id="orders_claims_create",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        order = order_get(getattr(request.user, "organization", None), pk)
        data = ClaimCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_file(
            order=order,
            actor=request.user,
            kind=data.validated_data["kind"],
            lines=[
                ClaimLineSpec(order_line_id=line["order_line"], quantity=line["quantity"])
                for line in data.validated_data["lines"]
            ],
            description=data.validated_data["description"],
            requested_amount=data.validated_data["requested_amount"],
        )
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class ClaimListView(GenericAPIView):
    permission_classes = (IsAuthenticated,)
    serializer_class = ClaimSerializer
    filter_backends: list = []
    queryset = Claim.objects.none()

    @extend_schema(
        parameters=[ClaimListQuerySerializer],
        responses=ClaimSerializer(many=True),
        description="Claims your organisation filed or received, newest first (staff: every claim).",
    )
    def get(self, request: Request) -> Response:
        query = ClaimListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(claims_visible_to(request.user, **query.validated_data))
        return self.get_paginated_response(ClaimSerializer(page, many=True).data)


class ClaimDetailView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: ClaimSerializer, 404: ERRORS[404]})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ClaimSerializer(_claim(request, pk)).data)


class ClaimEventListView(GenericAPIView):
    """The claim's whole audit trail as a plain array, as for orders."""

    permission_classes = (IsAuthenticated,)
    serializer_class = ClaimEventSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Claim.objects.none()

    @extend_schema(responses={200: ClaimEventSerializer(many=True), 404: ERRORS[404]})
    def get(self, request: Request, pk: int) -> Response:
        return Response(ClaimEventSerializer(claim_events(_claim(request, pk)), many=True).data)


class ClaimEvidenceView(GenericAPIView):
    permission_classes = (IsAuthenticated,)
    parser_classes = (MultiPartParser, FormParser)
    serializer_class = ClaimEvidenceSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Claim.objects.none()

    @extend_schema(
        responses={200: ClaimEvidenceSerializer(many=True), 404: ERRORS[404]},
        description="The claim's evidence files (the two parties and staff).",
        operation_id="claims_evidence_list",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(ClaimEvidenceSerializer(claim_evidence_list(_claim(request, pk)), many=True).data)

    @extend_schema(
        request={"multipart/form-data": ClaimEvidenceInputSerializer},
        responses={
            201: ClaimEvidenceSerializer,
            400: OpenApiResponse(description="Not a JPEG, PNG or PDF by content, or empty."),
            403: OpenApiResponse(description="Only the buyer or the supplier may add evidence."),
            404: ERRORS[404],
            409: OpenApiResponse(description="The claim has ended."),
            413: OpenApiResponse(description="Larger than 10 MiB."),
        },
        description="Attach a file (either party, while the claim has not ended). Honours Idempotency-Key.",
        operation_id="claims_evidence_create",
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        claim = _claim(request, pk)
        data = ClaimEvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = claim_evidence_add(
            claim=claim, actor=request.user, upload=data.validated_data["file"], note=data.validated_data["note"]
        )
        return Response(ClaimEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class ClaimEvidenceDownloadView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={
            # The content type the file's bytes proved, never a generic one.
            **{(200, content_type): OpenApiTypes.BINARY for content_type in EXTENSIONS},
            404: OpenApiResponse(description="No such evidence on a claim of yours."),
        },
        description="Download one evidence file as an attachment, with the content type its bytes proved "
        "(the two parties and staff; anyone else 404).",
    )
    def get(self, request: Request, pk: int, evidence_id: int) -> Any:
        evidence = claim_evidence_get(request.user, pk, evidence_id)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            # The row outlived its file (storage restored from an older backup): gone, not a server error.
            raise NotFound() from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.filename,
            content_type=evidence.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class ClaimRespondView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=ClaimRespondInputSerializer,
        responses={200: ClaimSerializer, **ERRORS},
        description="The supplier answers an open claim: `accept` ends it with a refund of requested_amount; "
        "`offer` (amount ≤ requested) → `offered`; `reject` → `rejected`.",
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _claim(request, pk)
        data = ClaimRespondInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_respond(claim_id=claim.pk, actor=request.user, **data.validated_data)
        return Response(ClaimSerializer(claim).data)


class _ClaimNoteActionView(APIView):
    """A party's move on a claim that takes only an optional note: one service call, the claim back."""

    permission_classes = (IsAuthenticated,)
    service: staticmethod

    def post(self, request: Request, pk: int) -> Response:
        claim = _claim(request, pk)
        data = ClaimNoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = self.service(claim_id=claim.pk, actor=request.user, **data.validated_data)
        return Response(ClaimSerializer(claim).data)


def _note_action_schema(description: str) -> Any:
    return extend_schema_view(
        post=extend_schema(
            request=ClaimNoteInputSerializer, responses={200: ClaimSerializer, **ERRORS}, description=description
        )
    )


@_note_action_schema("The buyer accepts the supplier's offer: the claim ends with the offered refund.")
class ClaimOfferAcceptView(_ClaimNoteActionView):
    service = staticmethod(claim_offer_accept)


@_note_action_schema("The buyer escalates an offered or rejected claim, or an open one past respond_by, to staff.")
class ClaimEscalateView(_ClaimNoteActionView):
    service = staticmethod(claim_escalate)


@_note_action_schema("The buyer withdraws a claim that has not ended.")
class ClaimWithdrawView(_ClaimNoteActionView):
    service = staticmethod(claim_withdraw)


class ClaimResolveView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=ClaimResolveInputSerializer,
        responses={200: ClaimSerializer, **ERRORS},
        description="Staff decide an escalated claim with a refund (0 allowed) up to the claimed lines' value "
        "less earlier refunds.",
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _claim(request, pk)
        data = ClaimResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            ClaimSerializer(claim_resolve(claim_id=claim.pk, actor=request.user, **data.validated_data)).data
        )
