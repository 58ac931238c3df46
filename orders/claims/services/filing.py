"""A buyer files a claim against a delivered order, within the claim window, one open claim at a time."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import InvalidInput, NotAllowed
from marketplace.core.money import quantize_money
from orders.choices import OrderStatus
from orders.claims.choices import ClaimStatus
from orders.claims.exceptions import ClaimAlreadyOpen, ClaimWindowClosed, OrderNotClaimable
from orders.claims.models import Claim, ClaimLine
from orders.claims.services.transitions import BUYER, claim_event_record, claim_party
from orders.locks import order_for_update
from orders.models import Order, OrderLine
from orders.settlement.choices import PayoutStatus
from orders.settlement.escrow import hours, release_at_for
from orders.settlement.models import Settlement

CLAIMABLE = (OrderStatus.DELIVERED, OrderStatus.SETTLED)


@dataclass(frozen=True)
class ClaimLineSpec:
    order_line_id: int
    quantity: int


def order_refunded_total(*, order_id: int) -> Decimal:
    """What the order's ended claims have refunded so far."""
    total = Claim.objects.filter(order_id=order_id, refund_amount__isnull=False).aggregate(s=Sum("refund_amount"))["s"]
    return quantize_money(total or 0)


def claim_lines_value(*, lines: Sequence[tuple[OrderLine, int]]) -> Decimal:
    """Quantity × unit price over the claimed lines."""
    return quantize_money(sum((line.unit_price * quantity for line, quantity in lines), Decimal(0)))


def _claim_window_check(*, order: Order) -> None:
    """Locks the settlement (if any) so a release cannot slip in between this check and the commit."""
    settlement = Settlement.objects.select_for_update(of=("self",)).filter(order_id=order.pk).first()
    if settlement is not None:
        if settlement.payout_status == PayoutStatus.RELEASED or timezone.now() >= settlement.release_at:
            raise ClaimWindowClosed()
        return
    if order.delivered_at is not None and timezone.now() >= release_at_for(delivered_at=order.delivered_at):
        raise ClaimWindowClosed()


def _lines_checked(*, order: Order, specs: Sequence[ClaimLineSpec]) -> list[tuple[OrderLine, int]]:
    """Each claimed line belongs to the order, once, for at most its quantity; every fault in one 400."""
    order_lines = {line.pk: line for line in OrderLine.objects.filter(order_id=order.pk)}
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    checked = []
    for index, spec in enumerate(specs):
        line = order_lines.get(spec.order_line_id)
        if line is None:
            errors[f"lines.{index}.order_line"] = [_("Not a line of this order.")]
        elif spec.order_line_id in seen:
            errors[f"lines.{index}.order_line"] = [_("This line is claimed twice.")]
        elif spec.quantity > line.quantity:
            errors[f"lines.{index}.quantity"] = [
                _("At most %(n)d (the line's quantity).") % {"n": line.quantity},
            ]
        else:
            checked.append((line, spec.quantity))
        seen.add(spec.order_line_id)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    return checked


@transaction.atomic(durable=True)
def claim_file(
    *,
    order: Order,
    actor: Any,
    kind: str,
    lines: Sequence[ClaimLineSpec],
    description: str,
    requested_amount: Decimal,
) -> Claim:
    """Open a claim: the order's buyer, order delivered or settled, before release_at, none other open."""
    order = order_for_update(order.pk)
    if claim_party(order=order, actor=actor) != BUYER:
        raise NotAllowed(_("Only the order's buyer can file a claim."))
    if order.status not in CLAIMABLE:
        raise OrderNotClaimable()
    _claim_window_check(order=order)
    if Claim.objects.filter(order_id=order.pk, resolved_at__isnull=True).exists():
        raise ClaimAlreadyOpen()
    checked = _lines_checked(order=order, specs=lines)
    limit = claim_lines_value(lines=checked) - order_refunded_total(order_id=order.pk)
    requested_amount = quantize_money(requested_amount)
    if requested_amount > limit:
        message = _("At most %(limit)s: the claimed lines' value less what was already refunded.") % {
            "limit": max(limit, Decimal("0.00"))
        }
        raise InvalidInput(message, errors={"requested_amount": [message]})
    now = timezone.now()
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                order=order,
                status=ClaimStatus.OPEN,
                kind=kind,
                description=description,
                requested_amount=requested_amount,
                filed_by=actor if actor.pk else None,
                respond_by=now + hours(settings.MARKETPLACE_CLAIM_RESPONSE_HOURS),
            )
    except IntegrityError as exc:
        # The partial unique index: another filing got in first (only without the order lock).
        raise ClaimAlreadyOpen() from exc
    # respond_by counts from the stored creation time exactly.
    claim.respond_by = claim.created_at + hours(settings.MARKETPLACE_CLAIM_RESPONSE_HOURS)
    claim.save(update_fields=["respond_by"])
    ClaimLine.objects.bulk_create([ClaimLine(claim=claim, order_line=line, quantity=qty) for line, qty in checked])
    claim_event_record(claim=claim, from_status="", actor=actor, actor_org=order.buyer, note=description[:500])
    return claim
