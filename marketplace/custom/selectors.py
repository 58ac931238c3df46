"""Reads with permission scoping: a custom request an organisation was not invited to does not exist for it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from catalog.choices import PRECISION_RANK
from marketplace.core.exceptions import NotFound
from marketplace.custom.choices import CapabilityFacet
from marketplace.custom.models import (
    Capability,
    CapabilityValue,
    CustomQuote,
    CustomRequest,
    CustomRequestEvent,
    CustomRequestInvitation,
    DrawingAccess,
)
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization
from marketplace.organizations.ranking import ranking_score_expression


def is_verified_supplier(org: Organization | None) -> bool:
    return bool(org and org.kind == OrganizationKind.SUPPLIER and org.status == OrganizationStatus.VERIFIED)


def is_verified_member(org: Organization | None) -> bool:
    return bool(org and org.status == OrganizationStatus.VERIFIED)


# --- Capabilities ---------------------------------------------------------------------------


def capability_of(*, supplier_id: int) -> Capability | None:
    return Capability.objects.filter(supplier_id=supplier_id).prefetch_related("values").first()


def capability_get_for(*, viewer: Organization | None, is_staff: bool, supplier_id: int) -> Capability:
    """A supplier's capabilities: its own always; another verified supplier's to verified members and staff."""
    own = viewer is not None and viewer.pk == supplier_id
    if not (own or is_staff or is_verified_member(viewer)):
        raise NotFound()
    capability = (
        Capability.objects.filter(supplier_id=supplier_id, supplier__kind=OrganizationKind.SUPPLIER)
        .select_related("supplier")
        .prefetch_related("values")
        .first()
    )
    if capability is None or not (own or capability.supplier.status == OrganizationStatus.VERIFIED):
        raise NotFound()
    return capability


@dataclass(frozen=True, slots=True)
class CapableSpec:
    """What a request asks of a maker (empty = not asked)."""

    bearing_type: str
    bore_mm: Decimal
    outer_diameter_mm: Decimal
    precision: str = ""
    material: str = ""
    processes: Sequence[str] = field(default_factory=tuple)
    certifications: Sequence[str] = field(default_factory=tuple)


def spec_of(request: CustomRequest) -> CapableSpec:
    return CapableSpec(
        bearing_type=request.bearing_type,
        bore_mm=request.bore_mm,
        outer_diameter_mm=request.outer_diameter_mm,
        precision=request.precision,
        material=request.material,
        processes=tuple(request.processes or ()),
        certifications=tuple(request.certifications or ()),
    )


def capable_suppliers(*, spec: CapableSpec, exclude_ids: Iterable[int] = ()) -> QuerySet[Organization]:
    """Verified suppliers whose capabilities cover the spec, best score first (one query).

    Capable: the type is listed, min bore ≤ bore ≤ max bore, outside diameter ≤ its maximum, a listed
    precision class at least as high as asked, and the material, every process and every certificate listed.
    """
    wanted = Q(facet=CapabilityFacet.BEARING_TYPE, value=spec.bearing_type)
    count = 1
    if spec.material:
        wanted |= Q(facet=CapabilityFacet.MATERIAL, value=spec.material)
        count += 1
    for facet, values in (
        (CapabilityFacet.PROCESS, spec.processes),
        (CapabilityFacet.CERTIFICATION, spec.certifications),
    ):
        if values:
            wanted |= Q(facet=facet, value__in=sorted(set(values)))
            count += len(set(values))
    # Capabilities holding every wanted value: the wanted rows (found through the facet/value index)
    # grouped per capability, kept when all of them are there.
    covering = (
        CapabilityValue.objects.filter(wanted)
        .order_by()
        .values("capability")
        .annotate(n=Count("pk"))
        .filter(n=count)
        .values("capability")
    )
    suppliers = Organization.objects.filter(
        kind=OrganizationKind.SUPPLIER,
        status=OrganizationStatus.VERIFIED,
        capability__in=covering,
        capability__bore_min_mm__lte=spec.bore_mm,
        capability__bore_max_mm__gte=spec.bore_mm,
        capability__outer_diameter_max_mm__gte=spec.outer_diameter_mm,
    )
    if spec.precision:
        rank = PRECISION_RANK.get(spec.precision, 0)
        good_enough = [p for p, r in PRECISION_RANK.items() if r >= rank]
        suppliers = suppliers.filter(
            Exists(
                CapabilityValue.objects.filter(
                    capability=OuterRef("capability"), facet=CapabilityFacet.PRECISION, value__in=good_enough
                )
            )
        )
    # The ranking score: a `new` supplier counts as 70, as in matching.
    return (
        suppliers.exclude(pk__in=list(exclude_ids))
        .alias(ranking_score=ranking_score_expression())
        .order_by("-ranking_score", "pk")
    )


# --- Custom requests ------------------------------------------------------------------------


def invitation_of(*, request: CustomRequest, supplier: Organization) -> CustomRequestInvitation | None:
    return CustomRequestInvitation.objects.filter(request=request, supplier=supplier).first()


def nda_accepted_among(*, supplier: Organization, request_ids: Sequence[int]) -> set[int]:
    """Which of these requests the supplier accepted the NDA of (one query; empty for a buyer)."""
    if supplier.kind != OrganizationKind.SUPPLIER or not request_ids:
        return set()
    return set(
        CustomRequestInvitation.objects.filter(
            supplier=supplier, request_id__in=list(request_ids), nda_accepted_at__isnull=False
        ).values_list("request_id", flat=True)
    )


def custom_requests_visible_to(org: Organization | None) -> QuerySet[CustomRequest]:
    """A buyer's own requests; for a verified supplier the requests it was invited to."""
    requests = CustomRequest.objects.select_related("buyer", "award__quote").prefetch_related("drawings")
    if org is None:
        return requests.none()
    if org.kind == OrganizationKind.BUYER:
        return requests.filter(buyer=org)
    if not is_verified_supplier(org):
        return requests.none()
    return requests.filter(Exists(CustomRequestInvitation.objects.filter(request=OuterRef("pk"), supplier=org)))


def custom_request_get_for(*, org: Organization | None, request_id: int) -> CustomRequest:
    """The owner's request, or one this verified supplier was invited to; anything else is 404."""
    request = custom_requests_visible_to(org).filter(pk=request_id).first()
    if request is None:
        raise NotFound()
    return request


def invited_suppliers(*, request: CustomRequest) -> QuerySet[Organization]:
    """The suppliers invited to the request, best score first."""
    return (
        Organization.objects.filter(
            Exists(CustomRequestInvitation.objects.filter(request=request, supplier=OuterRef("pk")))
        )
        .alias(ranking_score=ranking_score_expression())
        .order_by("-ranking_score", "pk")
    )


def custom_quotes_visible_to(*, request: CustomRequest, org: Organization) -> QuerySet[CustomQuote]:
    """The owner sees every quote on its request; a supplier only its own."""
    quotes = CustomQuote.objects.filter(request=request).prefetch_related("revisions").order_by("submitted_at", "pk")
    if request.buyer_id == org.pk:
        return quotes
    return quotes.filter(supplier=org)


def access_log_of(*, request: CustomRequest) -> QuerySet[DrawingAccess]:
    return DrawingAccess.objects.filter(request=request).order_by("at", "pk")


def events_of(*, request: CustomRequest) -> QuerySet[CustomRequestEvent]:
    return CustomRequestEvent.objects.filter(request=request).order_by("at", "pk")
