"""Commit, replace and withdraw, each under the pool's row lock so the cap holds under racing buyers."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.exceptions import DomainError, IllegalTransition, InvalidInput, NotAllowed
from marketplace.core.money import quantize_money
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization, User
from marketplace.pools.choices import CommitmentStatus, PoolStatus
from marketplace.pools.models import Commitment, Pool, PoolTier
from marketplace.pools.services.events import commitment_status_check
from orders.notifications.services import outbox_publish


class PoolClosed(IllegalTransition):
    code = "pool_closed"
    default_detail = gettext_lazy("The pool is closed to commitments.")


class PoolFull(DomainError):
    code = "pool_full"
    default_detail = gettext_lazy("The pool's maximum total quantity would be exceeded.")


def pool_lock_open(pool_id: int) -> Pool:
    """The pool row locked (commits, withdrawals and the close queue behind each other); 409 unless open."""
    pool = Pool.objects.select_for_update(of=("self",)).get(pk=pool_id)
    if pool.status != PoolStatus.OPEN or pool.closes_at <= timezone.now():
        raise PoolClosed()
    return pool


def _active(pool: Pool) -> dict[str, int]:
    row = Commitment.objects.filter(pool=pool, status=CommitmentStatus.ACTIVE).aggregate(
        total=Sum("quantity"), n=Count("pk")
    )
    return {"total": row["total"] or 0, "n": row["n"]}


def pool_totals_refresh(pool: Pool) -> None:
    """Recompute total and participants from the active commitments (pool row locked by the caller)."""
    active = _active(pool)
    pool.total_committed = active["total"]
    pool.participants = active["n"]
    pool.save(update_fields=["total_committed", "participants"])


def participant_ids(pool: Pool) -> list[int]:
    return list(
        Commitment.objects.filter(pool=pool, status=CommitmentStatus.ACTIVE)
        .order_by("buyer_id")
        .values_list("buyer_id", flat=True)
    )


def _announce_tiers(pool: Pool) -> None:
    """Publish pool.tier_reached for every tier the total reaches for the first time (recorded on the tier)."""
    fresh = list(
        PoolTier.objects.filter(pool=pool, reached_at__isnull=True, min_total_quantity__lte=pool.total_committed)
    )
    if not fresh:
        return
    PoolTier.objects.filter(pk__in=[tier.pk for tier in fresh]).update(reached_at=timezone.now())
    recipients = [pool.owner_id, *participant_ids(pool)]
    for tier in fresh:
        outbox_publish(
            event_type="pool.tier_reached",
            data={
                "id": pool.pk,
                "title": pool.title,
                "tier": tier.position,
                "min_total_quantity": tier.min_total_quantity,
                "unit_price": str(tier.unit_price),
                "total_committed": pool.total_committed,
            },
            organization_ids=recipients,
        )


def _require_verified_buyer(buyer: Organization) -> None:
    if buyer.kind != OrganizationKind.BUYER or buyer.status != OrganizationStatus.VERIFIED:
        raise NotAllowed(_("Only verified buyer organisations may commit to pools."))


@transaction.atomic(durable=True)
def pool_commit(
    *, pool: Pool, buyer: Organization, actor: User | None, quantity: int, max_unit_price: Decimal | None = None
) -> Pool:
    """Commit to an open pool, or replace this buyer's commitment; 409 `pool_full` beyond the cap."""
    _require_verified_buyer(buyer)
    pool = pool_lock_open(pool.pk)
    if quantity < pool.min_commitment:
        raise InvalidInput(
            _("The minimum commitment is %(n)d.") % {"n": pool.min_commitment},
            errors={"quantity": [_("Ensure this value is at least %(n)d.") % {"n": pool.min_commitment}]},
        )
    if max_unit_price is not None and max_unit_price <= 0:
        raise InvalidInput(errors={"max_unit_price": [_("Must be greater than zero.")]})
    commitment = Commitment.objects.filter(pool=pool, buyer=buyer).first()
    others = _active(pool)["total"]
    if commitment is not None and commitment.status == CommitmentStatus.ACTIVE:
        others -= commitment.quantity
    if pool.max_total_quantity is not None and others + quantity > pool.max_total_quantity:
        room = max(pool.max_total_quantity - others, 0)
        raise PoolFull(errors={"quantity": [_("At most %(n)d can be committed.") % {"n": room}]})
    if commitment is None:
        commitment = Commitment(pool=pool, buyer=buyer)
    elif commitment.status != CommitmentStatus.ACTIVE:
        commitment_status_check(commitment, CommitmentStatus.ACTIVE)
    commitment.status = CommitmentStatus.ACTIVE
    commitment.quantity = quantity
    commitment.max_unit_price = quantize_money(max_unit_price) if max_unit_price is not None else None
    commitment.committed_by = actor
    commitment.save()
    pool_totals_refresh(pool)
    outbox_publish(
        event_type="pool.committed",
        data={
            "id": pool.pk,
            "title": pool.title,
            "buyer": buyer.pk,
            "quantity": quantity,
            "total_committed": pool.total_committed,
            "participants": pool.participants,
        },
        organization_ids=[pool.owner_id],
    )
    _announce_tiers(pool)
    return pool


@transaction.atomic(durable=True)
def pool_withdraw(*, pool: Pool, buyer: Organization, actor: User | None) -> Pool:
    """Withdraw this buyer's commitment from an open pool; withdrawing nothing is a no-op (safe to retry)."""
    if buyer.kind != OrganizationKind.BUYER:
        raise NotAllowed(_("Only buyer organisations commit to pools."))
    pool = pool_lock_open(pool.pk)
    commitment = Commitment.objects.filter(pool=pool, buyer=buyer, status=CommitmentStatus.ACTIVE).first()
    if commitment is None:
        return pool
    commitment_status_check(commitment, CommitmentStatus.WITHDRAWN)
    commitment.status = CommitmentStatus.WITHDRAWN
    commitment.committed_by = actor
    commitment.save(update_fields=["status", "committed_by", "updated_at"])
    pool_totals_refresh(pool)
    return pool
