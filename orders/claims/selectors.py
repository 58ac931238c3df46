"""Reads of claims, scoped to the two parties of the claim's order (and staff)."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from marketplace.core.exceptions import NotFound
from orders.claims.models import Claim, ClaimEvent, ClaimEvidence, ClaimLine


def claims_visible_to(
    user: Any, *, status: str | None = None, kind: str | None = None, order: int | None = None
) -> QuerySet[Claim]:
    """Claims the user's organisation filed or received (every claim for staff), newest first."""
    queryset = Claim.objects.select_related("order").prefetch_related(
        Prefetch("lines", queryset=ClaimLine.objects.order_by("pk"))
    )
    org_id = getattr(user, "organization_id", None)
    if getattr(user, "is_staff", False):
        pass
    elif org_id is None:
        return Claim.objects.none()
    else:
        queryset = queryset.filter(Q(order__buyer_id=org_id) | Q(order__supplier_id=org_id))
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if order:
        queryset = queryset.filter(order_id=order)
    return queryset.order_by("-created_at", "-pk")


def claim_get(user: Any, claim_id: int) -> Claim:
    """One claim the user may see; anything else is simply not found."""
    claim = claims_visible_to(user).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound()
    return claim


def claim_events(claim: Claim) -> QuerySet[ClaimEvent]:
    return ClaimEvent.objects.filter(claim_id=claim.pk).order_by("at", "pk")


def claim_evidence_list(claim: Claim) -> QuerySet[ClaimEvidence]:
    return ClaimEvidence.objects.filter(claim_id=claim.pk).order_by("pk")


def claim_evidence_get(user: Any, claim_id: int, evidence_id: int) -> ClaimEvidence:
    """An evidence file of a claim the user may see (the two parties and staff); others get 404."""
    claim = claim_get(user, claim_id)
    evidence = ClaimEvidence.objects.filter(claim_id=claim.pk, pk=evidence_id).first()
    if evidence is None:
        raise NotFound()
    return evidence
