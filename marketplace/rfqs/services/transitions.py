"""The RFQ state machine: one function applies a transition and writes its audit row."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import IllegalTransition
from marketplace.rfqs.choices import RFQ_TRANSITIONS, RfqStatus
from marketplace.rfqs.models import Rfq, RfqEvent
from orders.services.events import SYSTEM

_STATUS_TIMESTAMPS = {
    RfqStatus.CLOSED: "closed_at",
    RfqStatus.AWARDED: "awarded_at",
    RfqStatus.CANCELLED: "cancelled_at",
}


def rfq_transition_check(rfq: Rfq, to_status: str) -> None:
    """409 unless the transition table allows this change."""
    if to_status not in RFQ_TRANSITIONS.get(rfq.status, set()):
        raise IllegalTransition(
            _("An RFQ that is %(status)s cannot become %(to)s.") % {"status": rfq.status, "to": to_status}
        )


def rfq_event_record(*, rfq: Rfq, from_status: str, actor: Any | None, note: str = "") -> RfqEvent:
    """Write the RfqEvent for the RFQ's current status in the caller's transaction (actor None: the system)."""
    return RfqEvent.objects.create(
        rfq=rfq,
        actor=actor if actor is not None and actor.pk else None,
        actor_organization_id=getattr(actor, "organization_id", None),
        actor_label=actor.get_username() if actor is not None else SYSTEM,
        from_status=from_status,
        to_status=rfq.status,
        note=note[:500],
    )


def rfq_status_set(rfq: Rfq, to_status: str, *, actor: Any | None, note: str = "") -> RfqEvent:
    """The one place an RFQ's status changes: checked against RFQ_TRANSITIONS, timestamped and audited.

    Runs in the caller's transaction, which holds the RFQ's row lock.
    """
    rfq_transition_check(rfq, to_status)
    from_status = rfq.status
    stamp = _STATUS_TIMESTAMPS[to_status]
    rfq.status = to_status
    setattr(rfq, stamp, timezone.now())
    rfq.save(update_fields=["status", stamp])
    return rfq_event_record(rfq=rfq, from_status=from_status, actor=actor, note=note)
