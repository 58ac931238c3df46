"""Demo pools: a bearing-steel pool of a mill's agent and a motor-bearing pool, with buyers committed."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from marketplace.demo.seeding import Market, Say
from marketplace.pools.models import Pool
from marketplace.pools.services import pool_commit, pool_create


@dataclass(frozen=True)
class DemoPool:
    owner: str
    title: str
    item: dict[str, object]
    unit: str
    tiers: tuple[tuple[int, str], ...]
    min_commitment: int
    max_total_quantity: int | None
    commitments: tuple[tuple[str, int, str | None], ...]  # (buyer, quantity, max unit price)


DEMO_POOLS: tuple[DemoPool, ...] = (
    DemoPool(
        "zwz_agent",
        "GCr15 轴承钢棒材 Φ60 十二月集采",
        {"kind": "steel", "grade": "GCr15", "form": "bar", "size_mm": Decimal("60")},
        "kg",
        ((5000, "7.20"), (20000, "6.90"), (50000, "6.60")),
        500,
        80000,
        (("luxin_machine", 3000, None), ("huatong_power", 6000, "7.00"), ("haian_gear", 2500, None)),
    ),
    DemoPool(
        "skf_agent",
        "SKF 6205-2RS 电机轴承季度集采",
        {"kind": "bearing", "brand": "SKF", "designation": "6205-2RS"},
        "piece",
        ((1000, "24.50"), (3000, "23.20"), (5000, "22.40")),
        100,
        None,
        (("boshan_motor", 1200, None), ("hengli_motor", 800, "24.00")),
    ),
)


def pools_ensure(*, market: Market, say: Say) -> int:
    """The demo pools (keyed on owner and title), open for a week, with their buyers' commitments."""
    made = 0
    for spec in DEMO_POOLS:
        owner = market.suppliers[spec.owner]
        if Pool.objects.filter(owner=owner.organization, title=spec.title).exists():
            continue
        pool = pool_create(
            owner=owner.organization,
            actor=owner.user,
            data={
                "title": spec.title,
                "item": spec.item,
                "unit": spec.unit,
                "tiers": [{"min_total_quantity": q, "unit_price": Decimal(p)} for q, p in spec.tiers],
                "min_commitment": spec.min_commitment,
                "max_total_quantity": spec.max_total_quantity,
                "closes_at": timezone.now() + timedelta(days=7),
                "delivery_city": "临清",
                "lead_time_days": 15,
            },
        )
        for username, quantity, maximum in spec.commitments:
            buyer = market.buyers[username]
            pool_commit(
                pool=pool,
                buyer=buyer.organization,
                actor=buyer.user,
                quantity=quantity,
                max_unit_price=Decimal(maximum) if maximum else None,
            )
        made += 1
    say(f"Pools: {made} created.\n")
    return made
