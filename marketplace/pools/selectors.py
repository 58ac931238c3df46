"""Reads with permission scoping: every verified member sees pools, only the owner sees who committed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from marketplace.core.exceptions import NotFound
from marketplace.organizations.choices import OrganizationStatus
from marketplace.organizations.models import Organization
from marketplace.pools.choices import PoolStatus
from marketplace.pools.models import Commitment, Pool, PoolTier


def is_verified_member(org: Organization | None) -> bool:
    return bool(org and org.status == OrganizationStatus.VERIFIED)


def pools_visible_to(org: Organization | None) -> QuerySet[Pool]:
    """Every pool for a verified member, with its tiers and only the commitments it may see
    (all of them on its own pools, its own elsewhere) in `visible_commitments`: three queries a page."""
    if not is_verified_member(org):
        return Pool.objects.none()
    visible = Commitment.objects.filter(Q(buyer=org) | Q(pool__owner=org)).select_related("buyer").order_by("pk")
    return Pool.objects.select_related("owner", "brand").prefetch_related(
        Prefetch("tiers", queryset=PoolTier.objects.order_by("position")),
        Prefetch("commitments", queryset=visible, to_attr="visible_commitments"),
    )


def pool_get_for(*, org: Organization | None, pool_id: int) -> Pool:
    """The pool as this organisation may see it, or 404."""
    pool = pools_visible_to(org).filter(pk=pool_id).first()
    if pool is None:
        raise NotFound()
    return pool


def pools_closing_soon(*, within: timedelta = timedelta(hours=24), now: datetime | None = None) -> QuerySet[Pool]:
    """Open pools closing within `within`, soonest first (the back office's dashboard)."""
    now = now or timezone.now()
    return (
        Pool.objects.filter(status=PoolStatus.OPEN, closes_at__lte=now + within)
        .select_related("owner")
        .order_by("closes_at", "pk")
    )
