"""What happens to a filed claim: the supplier's response, the buyer's moves, staff resolution, escalation."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import IllegalTransition, InvalidInput, NotAllowed, NotFound
from marketplace.core.money import quantize_money
from orders.claims.choices import ClaimKind, ClaimStatus, RespondAction
from orders.claims.models import Claim
from orders.claims.services.filing import claim_lines_value, order_refunded_total
from orders.claims.services.staff import counterfeit_upheld_notify
from orders.claims.services.transitions import BUYER, SUPPLIER, claim_party, claim_transition
from orders.locks import order_for_update
from orders.models import Order
from orders.settlement.choices import PayoutStatus
from orders.settlement.escrow import payout_release_after_commit, refund_book
from orders.settlement.models import Settlement
from orders.settlement.services import order_settle_in_transaction

OVERDUE_BATCH = 500


def _claim_locked(claim_id: int) -> tuple[Claim, Order]:
    """Lock the claim's order, then the claim: the order of locks every claim and settlement path takes."""
    order_id = Claim.objects.filter(pk=claim_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise NotFound()
    order = order_for_update(order_id)
    claim = Claim.objects.select_for_update(of=("self",)).get(pk=claim_id)
    claim.order = order
    return claim, order


def _require(claim: Claim, actor: Any, allowed: str, message: str) -> None:
    if claim_party(order=claim.order, actor=actor) != allowed:
        raise NotAllowed(message)


def _settlement_for_refund(order: Order) -> Settlement:
    """The order's settlement, locked; a delivered order not yet settled is settled here first."""
    settlement = (
        Settlement.objects.select_for_update(of=("self",)).select_related("order").filter(order_id=order.pk).first()
    )
    if settlement is None:
        order_settle_in_transaction(order_id=order.pk)
        settlement = Settlement.objects.select_for_update(of=("self",)).select_related("order").get(order_id=order.pk)
    return settlement


def _claim_end(
    *, claim: Claim, to_status: str, refund: Decimal | None, actor: Any | None, actor_org: Any, note: str
) -> Claim:
    """End a claim (resolved or withdrawn), booking its refund; a payout past release_at is then released."""
    settlement = _settlement_for_refund(claim.order) if refund is not None else None
    if settlement is not None and refund:
        refund_book(settlement=settlement, claim_id=claim.pk, amount=refund)
    claim = claim_transition(
        claim=claim,
        to_status=to_status,
        actor=actor,
        actor_org=actor_org,
        note=note,
        fields={"refund_amount": refund, "resolved_at": timezone.now()},
    )
    if settlement is None:
        settlement = Settlement.objects.filter(order_id=claim.order_id).first()
    if (
        settlement is not None
        and settlement.payout_status == PayoutStatus.HELD
        and settlement.release_at <= timezone.now()
    ):
        payout_release_after_commit(settlements=[settlement])
    if refund and claim.kind == ClaimKind.COUNTERFEIT:
        counterfeit_upheld_notify(claim=claim)
    return claim


def _refund_limit(claim: Claim) -> Decimal:
    lines = [(line.order_line, line.quantity) for line in claim.lines.select_related("order_line")]
    return claim_lines_value(lines=lines) - order_refunded_total(order_id=claim.order_id)


@transaction.atomic(durable=True)
def claim_respond(*, claim_id: int, actor: Any, action: str, amount: Decimal | None = None, note: str = "") -> Claim:
    """The supplier answers an open claim: accept (refund the request), offer (a smaller amount) or reject."""
    claim, order = _claim_locked(claim_id)
    _require(claim, actor, SUPPLIER, _("Only the supplier can respond to a claim."))
    if claim.status != ClaimStatus.OPEN:
        raise IllegalTransition(_("Only an open claim can be responded to; this one is %s.") % claim.status)
    if action == RespondAction.ACCEPT:
        return _claim_end(
            claim=claim,
            to_status=ClaimStatus.RESOLVED,
            refund=claim.requested_amount,
            actor=actor,
            actor_org=order.supplier,
            note=note,
        )
    if action == RespondAction.OFFER:
        if amount is None:
            message = _("An offer needs an amount.")
            raise InvalidInput(message, errors={"amount": [message]})
        amount = quantize_money(amount)
        if amount <= 0 or amount > claim.requested_amount:
            message = _("An offer is more than 0 and at most the requested %(n)s.") % {"n": claim.requested_amount}
            raise InvalidInput(message, errors={"amount": [message]})
        return claim_transition(
            claim=claim,
            to_status=ClaimStatus.OFFERED,
            actor=actor,
            actor_org=order.supplier,
            note=note,
            fields={"offered_amount": amount},
        )
    return claim_transition(
        claim=claim, to_status=ClaimStatus.REJECTED, actor=actor, actor_org=order.supplier, note=note
    )


@transaction.atomic(durable=True)
def claim_offer_accept(*, claim_id: int, actor: Any, note: str = "") -> Claim:
    """The buyer takes the supplier's offer: the claim ends with the offered refund."""
    claim, order = _claim_locked(claim_id)
    _require(claim, actor, BUYER, _("Only the buyer can accept an offer."))
    if claim.status != ClaimStatus.OFFERED:
        raise IllegalTransition(_("Only an offered claim can be accepted; this one is %s.") % claim.status)
    return _claim_end(
        claim=claim,
        to_status=ClaimStatus.RESOLVED,
        refund=claim.offered_amount,
        actor=actor,
        actor_org=order.buyer,
        note=note,
    )


@transaction.atomic(durable=True)
def claim_escalate(*, claim_id: int, actor: Any, note: str = "") -> Claim:
    """The buyer takes an offered or rejected claim (or an open one past respond_by) to staff."""
    claim, order = _claim_locked(claim_id)
    _require(claim, actor, BUYER, _("Only the buyer can escalate a claim."))
    if claim.status == ClaimStatus.OPEN and timezone.now() < claim.respond_by:
        raise IllegalTransition(_("An open claim can be escalated only after its response deadline."))
    return claim_transition(claim=claim, to_status=ClaimStatus.ESCALATED, actor=actor, actor_org=order.buyer, note=note)


@transaction.atomic(durable=True)
def claim_withdraw(*, claim_id: int, actor: Any, note: str = "") -> Claim:
    """The buyer withdraws a claim that has not ended; the payout it held is released if its time has come."""
    claim, order = _claim_locked(claim_id)
    _require(claim, actor, BUYER, _("Only the buyer can withdraw a claim."))
    return _claim_end(
        claim=claim, to_status=ClaimStatus.WITHDRAWN, refund=None, actor=actor, actor_org=order.buyer, note=note
    )


@transaction.atomic(durable=True)
def claim_resolve(*, claim_id: int, actor: Any, refund_amount: Decimal, note: str = "") -> Claim:
    """Staff decide an escalated claim: the refund (0 allowed) up to the claimed lines' value less earlier refunds."""
    claim, _order = _claim_locked(claim_id)
    if not getattr(actor, "is_staff", False):
        raise NotAllowed(_("Only staff can resolve a claim."))
    if claim.status != ClaimStatus.ESCALATED:
        raise IllegalTransition(_("Only an escalated claim can be resolved; this one is %s.") % claim.status)
    refund_amount = quantize_money(refund_amount)
    limit = _refund_limit(claim)
    if refund_amount < 0 or refund_amount > limit:
        message = _("Between 0 and %(limit)s (the claimed lines' value less earlier refunds).") % {"limit": limit}
        raise InvalidInput(message, errors={"refund_amount": [message]})
    return _claim_end(
        claim=claim, to_status=ClaimStatus.RESOLVED, refund=refund_amount, actor=actor, actor_org=None, note=note
    )


def claims_escalate_overdue(*, limit: int = OVERDUE_BATCH) -> list[int]:
    """Escalate every claim still open past respond_by (each in its own transaction); returns their ids."""
    due = list(
        Claim.objects.filter(status=ClaimStatus.OPEN, respond_by__lte=timezone.now())
        .order_by("respond_by", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [claim_id for claim_id in due if _claim_escalate_overdue(claim_id=claim_id)]


@transaction.atomic(durable=True)
def _claim_escalate_overdue(*, claim_id: int) -> bool:
    claim, _order = _claim_locked(claim_id)
    if claim.status != ClaimStatus.OPEN or claim.respond_by > timezone.now():
        return False
    claim_transition(
        claim=claim, to_status=ClaimStatus.ESCALATED, actor=None, note="No response by the deadline; escalated"
    )
    return True
