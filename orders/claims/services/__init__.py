"""Claim use cases: filing, responses, escalation, resolution and evidence."""

from orders.claims.services.evidence import claim_evidence_add, evidence_content_type
from orders.claims.services.filing import ClaimLineSpec, claim_file
from orders.claims.services.resolution import (
    claim_escalate,
    claim_offer_accept,
    claim_resolve,
    claim_respond,
    claim_withdraw,
    claims_escalate_overdue,
)
from orders.claims.services.transitions import claim_transition

__all__ = [
    "ClaimLineSpec",
    "claim_escalate",
    "claim_evidence_add",
    "claim_file",
    "claim_offer_accept",
    "claim_resolve",
    "claim_respond",
    "claim_transition",
    "claim_withdraw",
    "claims_escalate_overdue",
    "evidence_content_type",
]
