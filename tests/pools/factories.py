"""Pools for tests: opened through the service, or written straight to the tables (closing time passed)."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from catalog.models import Brand
from marketplace.organizations.models import Organization
from marketplace.pools.models import Commitment, Pool, PoolTier
from tests.factories import OrganizationFactory

DEFAULT_TIERS = ((100, "10.00"), (200, "9.00"), (500, "8.00"))


def pool_make(
    *,
    owner: Organization | None = None,
    tiers: tuple[tuple[int, str], ...] = DEFAULT_TIERS,
    closes_at: datetime | None = None,
    **fields: Any,
) -> Pool:
    """A bearing pool (SKF 6205-2RS, pieces) written directly, so closes_at may lie in the past."""
    values: dict[str, Any] = {
        "owner": owner or OrganizationFactory(kind="supplier", status="verified"),
        "title": "6205-2RS spring pool",
        "kind": "bearing",
        "brand": Brand.objects.get(code="SKF"),
        "designation": "6205-2RS",
        "unit": "piece",
        "min_commitment": 10,
        "closes_at": closes_at or timezone.now() + timedelta(days=1),
        "delivery_city": "Linqing",
        "lead_time_days": 7,
    }
    values.update(fields)
    pool = Pool.objects.create(**values)
    PoolTier.objects.bulk_create(
        [
            PoolTier(pool=pool, position=i + 1, min_total_quantity=q, unit_price=Decimal(p))
            for i, (q, p) in enumerate(tiers)
        ]
    )
    return pool


def commitment_make(
    pool: Pool, quantity: int, max_unit_price: str | None = None, *, buyer: Organization | None = None
) -> Commitment:
    """An active commitment written directly, totals refreshed as the service would."""
    commitment = Commitment.objects.create(
        pool=pool,
        buyer=buyer or OrganizationFactory(kind="buyer", status="verified"),
        quantity=quantity,
        max_unit_price=Decimal(max_unit_price) if max_unit_price else None,
    )
    active = pool.commitments.filter(status="active")
    Pool.objects.filter(pk=pool.pk).update(total_committed=sum(c.quantity for c in active), participants=active.count())
    pool.refresh_from_db()
    return commitment


def past(seconds: int = 1) -> datetime:
    return timezone.now() - timedelta(seconds=seconds)
