"""The claim state machine: one function applies a transition, writes the audit row and announces it."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.exceptions import IllegalTransition, NotFound
from marketplace.organizations.models import Organization
from orders.claims.choices import CLAIM_TRANSITIONS, ClaimStatus
from orders.claims.models import Claim, ClaimEvent
from orders.notifications.services import outbox_publish

SYSTEM = "system"
BUYER, SUPPLIER, STAFF = "buyer", "supplier", "staff"


def claim_party(*, order: Any, actor: Any) -> str:
    """Which side of the claim's order the actor is on, or staff; anyone else must not learn it exists."""
    org_id = getattr(actor, "organization_id", None)
    if org_id is not None and org_id == order.buyer_id:
        return BUYER
    if org_id is not None and org_id == order.supplier_id:
        return SUPPLIER
    if getattr(actor, "is_staff", False):
        return STAFF
    raise NotFound()


def claim_event_data(claim: Claim) -> dict[str, Any]:
    """The object an event carries: the claim and its order."""
    return {
        "id": claim.pk,
        "order": claim.order_id,
        "number": claim.order.number,
        "status": claim.status,
        "kind": claim.kind,
        "requested_amount": str(claim.requested_amount),
        "refund_amount": None if claim.refund_amount is None else str(claim.refund_amount),
    }


def claim_event_record(
    *, claim: Claim, from_status: str, actor: Any | None, actor_org: Organization | None, note: str = ""
) -> ClaimEvent:
    """Write the ClaimEvent for the claim's current status and publish it to both parties."""
    event = ClaimEvent.objects.create(
        claim=claim,
        actor=actor if actor is not None and actor.pk else None,
        actor_organization=actor_org,
        actor_label=actor.get_username() if actor is not None else SYSTEM,
        from_status=from_status,
        to_status=claim.status,
        note=note[:500],
    )
    if not from_status:
        event_type = "claim.opened"
    elif claim.status == ClaimStatus.RESOLVED:
        event_type = "claim.resolved"
    else:
        event_type = "claim.updated"
    outbox_publish(
        event_type=event_type,
        data=claim_event_data(claim),
        organization_ids=[claim.order.buyer_id, claim.order.supplier_id],
    )
    return event


def claim_transition_check(*, from_status: str, to_status: str) -> None:
    if to_status not in CLAIM_TRANSITIONS.get(from_status, set()):
        raise IllegalTransition(
            _("A claim that is %(from)s cannot become %(to)s.") % {"from": from_status, "to": to_status}
        )


@transaction.atomic
def claim_transition(
    *,
    claim: Claim,
    to_status: str,
    actor: Any | None,
    actor_org: Organization | None = None,
    note: str = "",
    fields: dict[str, Any] | None = None,
) -> Claim:
    """Check CLAIM_TRANSITIONS against the locked row, save the status and fields, audit and announce.

    The caller holds the claim's row lock (and its order's); not durable so the use case's transaction
    includes it.
    """
    locked = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    claim_transition_check(from_status=locked.status, to_status=to_status)
    from_status = locked.status
    changed = {"status": to_status, **(fields or {})}
    for name, value in changed.items():
        setattr(claim, name, value)
    claim.save(update_fields=[*changed, "updated_at"])
    claim_event_record(claim=claim, from_status=from_status, actor=actor, actor_org=actor_org, note=note)
    return claim
