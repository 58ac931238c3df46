"""The one place a pool's status changes: checked against POOL_TRANSITIONS, audited in PoolEvent."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import IllegalTransition
from marketplace.pools.choices import COMMITMENT_TRANSITIONS, POOL_TRANSITIONS, PoolStatus
from marketplace.pools.models import Commitment, Pool, PoolEvent

SYSTEM = "system"


def pool_event_record(*, pool: Pool, from_status: str, actor: Any | None, note: str = "") -> PoolEvent:
    """The audit row for the pool's current status (`from_status` blank when it was opened)."""
    return PoolEvent.objects.create(
        pool=pool,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None else SYSTEM,
        from_status=from_status,
        to_status=pool.status,
        note=note[:500],
    )


def pool_status_set(*, pool: Pool, to_status: str, actor: Any | None = None, note: str = "") -> PoolEvent:
    """Apply one status change to a locked pool, stamp closed_at and write its audit row; 409 if not allowed."""
    if to_status not in POOL_TRANSITIONS.get(pool.status, set()):
        raise IllegalTransition(
            _("A pool that is %(status)s cannot become %(to)s.") % {"status": pool.status, "to": to_status}
        )
    from_status = pool.status
    pool.status = to_status
    fields = ["status"]
    if to_status in (PoolStatus.CLOSED, PoolStatus.FAILED):
        pool.closed_at = timezone.now()
        fields.append("closed_at")
    pool.save(update_fields=[*fields, "final_unit_price", "final_quantity"])
    return pool_event_record(pool=pool, from_status=from_status, actor=actor, note=note)


def commitment_status_check(commitment: Commitment, to_status: str) -> None:
    """409 unless COMMITMENT_TRANSITIONS allows this change."""
    if to_status not in COMMITMENT_TRANSITIONS.get(commitment.status, set()):
        raise IllegalTransition(
            _("A commitment that is %(status)s cannot become %(to)s.") % {"status": commitment.status, "to": to_status}
        )
