"""RFQ use cases: create (with matching and invitations), cancel, close (by staff, or at the deadline)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.services.parsing import DIMENSIONS
from marketplace.core.exceptions import IllegalTransition, InvalidInput, NotAllowed
from marketplace.core.limits import MAX_LINES
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization, User
from marketplace.rfqs.choices import RfqStatus
from marketplace.rfqs.matching import line_spec, matching_suppliers
from marketplace.rfqs.models import Rfq, RfqInvitation, RfqLine, default_deadline
from marketplace.rfqs.services.lines import rfq_line_build
from marketplace.rfqs.services.transitions import rfq_event_record, rfq_status_set
from orders.notifications.services import outbox_publish, outbox_publish_many

DEADLINE_NOTE = "Deadline passed"


class RfqClosed(IllegalTransition):
    code = "rfq_closed"
    default_detail = gettext_lazy("The RFQ is no longer open.")


def _validate_lines(lines: list[Mapping[str, Any]]) -> None:
    errors: dict[str, list[str]] = {}
    if not lines:
        errors["lines"] = [_("An RFQ needs at least one line.")]
    if len(lines) > MAX_LINES:
        errors["lines"] = [_("An RFQ has at most %(n)d lines.") % {"n": MAX_LINES}]
    for index, line in enumerate(lines):
        if not (line.get("designation") or "").strip() and any(line.get(name) is None for name in DIMENSIONS):
            errors[f"lines.{index}.designation"] = [_("Give a designation, or the bore, outer diameter and width.")]
        quantity = line.get("quantity")
        if not isinstance(quantity, int) or quantity < 1:
            errors[f"lines.{index}.quantity"] = [_("Ensure this value is greater than or equal to 1.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


def rfq_invitations_record(*, rfq: Rfq, lines: Iterable[RfqLine]) -> list[RfqInvitation]:
    """Match every line once, invite each supplier with a matching listing and tell it (rfq.matched)."""
    found = matching_suppliers(lines=[line_spec(line) for line in lines], buyer_id=rfq.buyer_id)
    matched: Counter[int] = Counter()
    for supplier_ids in found.values():
        matched.update(supplier_ids)
    invitations = RfqInvitation.objects.bulk_create(
        [RfqInvitation(rfq=rfq, supplier_id=sid, matched_lines=count) for sid, count in sorted(matched.items())]
    )
    outbox_publish_many(
        events=[
            (
                "rfq.matched",
                {
                    "id": rfq.pk,
                    "title": rfq.title,
                    "deadline": rfq.deadline.isoformat(),
                    "delivery_city": rfq.delivery_city,
                    "matched_lines": invitation.matched_lines,
                },
                [invitation.supplier_id],
            )
            for invitation in invitations
        ]
    )
    return invitations


@transaction.atomic(durable=True)
def rfq_create(*, buyer: Organization, actor: User | None, data: Mapping[str, Any]) -> Rfq:
    """Open an RFQ for a verified buyer; matching suppliers are invited in the same transaction."""
    if buyer.kind != OrganizationKind.BUYER or buyer.status != OrganizationStatus.VERIFIED:
        raise NotAllowed(_("Only verified buyer organisations may create RFQs."))
    lines_data = list(data.get("lines") or [])
    _validate_lines(lines_data)
    deadline = data.get("deadline") or default_deadline()
    if deadline <= timezone.now():
        raise InvalidInput(_("The deadline must be in the future."), errors={"deadline": [_("Must be in the future.")]})
    rfq = Rfq.objects.create(
        buyer=buyer,
        created_by=actor,
        title=data["title"],
        delivery_city=data.get("delivery_city") or "",
        deadline=deadline,
        show_buyer=bool(data.get("show_buyer", False)),
        show_target_prices=bool(data.get("show_target_prices", False)),
        min_supplier_score=data.get("min_supplier_score"),
    )
    lines = RfqLine.objects.bulk_create(
        [rfq_line_build(rfq=rfq, position=index + 1, data=line) for index, line in enumerate(lines_data)]
    )
    rfq_event_record(rfq=rfq, from_status="", actor=actor)
    rfq_invitations_record(rfq=rfq, lines=lines)
    rfq._prefetched_objects_cache = {"lines": lines}
    return rfq


def _supplier_ids_to_tell(rfq: Rfq) -> set[int]:
    invited = set(RfqInvitation.objects.filter(rfq=rfq).values_list("supplier_id", flat=True))
    return invited | set(rfq.quotes.values_list("supplier_id", flat=True))


def _locked(rfq: Rfq) -> Rfq:
    return Rfq.objects.select_for_update(of=("self",)).get(pk=rfq.pk)


@transaction.atomic(durable=True)
def rfq_cancel(*, rfq: Rfq, actor: User, note: str = "") -> Rfq:
    """The owner (or market staff) withdraws an open RFQ; invited and quoting suppliers are told (rfq.cancelled)."""
    if actor.organization_id != rfq.buyer_id and not actor.is_staff:
        raise NotAllowed(_("Only the buyer who opened the RFQ may cancel it."))
    rfq = _locked(rfq)
    if rfq.status != RfqStatus.OPEN:
        raise IllegalTransition(_("Only an open RFQ can be cancelled."))
    rfq_status_set(rfq, RfqStatus.CANCELLED, actor=actor, note=note)
    _tell_suppliers(rfq, "rfq.cancelled")
    return rfq


@transaction.atomic(durable=True)
def rfq_close(*, rfq: Rfq, actor: User, note: str = "") -> Rfq:
    """Market staff close an open RFQ before its deadline: no more quotes, and it can still be awarded."""
    if not actor.is_staff:
        raise NotAllowed(_("Only market staff may close an RFQ before its deadline."))
    rfq = _locked(rfq)
    rfq_status_set(rfq, RfqStatus.CLOSED, actor=actor, note=note)
    _tell_suppliers(rfq, "rfq.closed")
    return rfq


def _tell_suppliers(rfq: Rfq, event_type: str) -> None:
    outbox_publish(
        event_type=event_type, data={"id": rfq.pk, "status": rfq.status}, organization_ids=_supplier_ids_to_tell(rfq)
    )


def rfqs_close_expired(*, batch_size: int = 500) -> int:
    """Close open RFQs past their deadline (each in its own transaction); returns how many closed."""
    closed = 0
    due = list(
        Rfq.objects.filter(status=RfqStatus.OPEN, deadline__lte=timezone.now())
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    for rfq_id in due:
        closed += int(rfq_close_expired(rfq_id=rfq_id))
    return closed


@transaction.atomic(durable=True)
def rfq_close_expired(*, rfq_id: int) -> bool:
    """Close one RFQ if it is still open past its deadline; safe to repeat."""
    rfq = Rfq.objects.select_for_update(skip_locked=True).filter(pk=rfq_id).first()
    if rfq is None or rfq.status != RfqStatus.OPEN or rfq.deadline > timezone.now():
        return False
    rfq_status_set(rfq, RfqStatus.CLOSED, actor=None, note=DEADLINE_NOTE)
    _tell_suppliers(rfq, "rfq.closed")
    return True
