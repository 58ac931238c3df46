"""Ninety days of settled trades in the market's staple bearings, so the price index and the barometer
show real-looking series on a fresh demo.

Orders are written delivered in bulk (lines priced from the suppliers' own listings, drifting day by
day) and settled by the settlement service's set-based batch, which books the ledger; then their
times are moved back. Idempotent: skipped when the history is there.
"""

from __future__ import annotations

import random
import statistics
import uuid
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q

from catalog.models import Listing
from marketplace.demo.seeding import Market, Say
from orders.choices import OrderStatus
from orders.models import Order, OrderEvent, OrderLine
from orders.services import order_number
from orders.settlement.models import Settlement
from orders.settlement.services import orders_settle_batch

CHINA = ZoneInfo("Asia/Shanghai")
HISTORY_DAYS = 60
STAPLES = ("6205-2RS", "6204-2RS", "6206-2RS", "6305-2RS", "30205", "22220")
TRADES_PER_DAY = (3, 4)
CENT = Decimal("0.01")
MARK = "指数历史"  # the delivery note that marks these orders (idempotency)


def _offers(market: Market) -> dict[str, list[Listing]]:
    suppliers = [p.organization.pk for p in market.suppliers.values() if p.organization.is_verified]
    rows = Listing.objects.filter(
        Q(canonical__in=STAPLES), supplier_id__in=suppliers, deleted_at__isnull=True, base_unit_price__isnull=False
    ).select_related("brand")
    found: dict[str, list[Listing]] = defaultdict(list)
    for listing in rows:
        found[listing.canonical].append(listing)
    return {canonical: listings for canonical, listings in found.items() if len({x.supplier_id for x in listings}) > 1}


def index_history_ensure(*, market: Market, say: Say, seed: str = "yandian-index") -> int:
    """Settled trades of the staples over the last 90 days (China time); returns the orders made."""
    if Order.objects.filter(delivery_city=MARK).exists():
        say("Price-index history: already there, none added.")
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    offers = _offers(market)
    buyers = [p.organization for p in market.buyers.values()]
    today = datetime.now(CHINA).date()
    orders, lines, times = [], [], []
    for _canonical, listings in sorted(offers.items()):
        # Each tier trades around its own going price (the median of its listings), drifting day by day.
        going = {tier: statistics.median(x.base_unit_price for x in listings if x.brand.tier == tier)
                 for tier in {x.brand.tier for x in listings}}  # fmt: skip
        by_tier: dict[str, dict[int, list[Listing]]] = defaultdict(lambda: defaultdict(list))
        for listing in listings:
            by_tier[listing.brand.tier][listing.supplier_id].append(listing)
        drift = Decimal(1)
        for back in range(HISTORY_DAYS, 0, -1):
            drift *= Decimal(str(rng.uniform(0.985, 1.017)))
            day = today - timedelta(days=back)
            # In each tier several suppliers sell each day, so most days publish a value in every tier.
            for tier, by_supplier in sorted(by_tier.items()):
                sellers = rng.sample(sorted(by_supplier), k=min(len(by_supplier), rng.randint(2, 3)))
                for index in range(rng.randint(*TRADES_PER_DAY)):
                    listing = rng.choice(by_supplier[sellers[index % len(sellers)]])
                    price = (going[tier] * drift * Decimal(str(rng.uniform(0.96, 1.04)))).quantize(
                        CENT, rounding=ROUND_HALF_UP
                    )
                    quantity = rng.choice((20, 50, 100, 200, 500))
                    at = datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=CHINA)
                    total = (price * quantity).quantize(CENT, rounding=ROUND_HALF_UP)
                    orders.append(
                        Order(
                            number=f"new-{uuid.uuid4().hex[:28]}",
                            buyer=rng.choice(buyers),
                            supplier_id=listing.supplier_id,
                            status=OrderStatus.DELIVERED,
                            delivery_city=MARK,
                            total=total,
                        )
                    )
                    lines.append((listing, quantity, price, total))
                    times.append(at)
    Order.objects.bulk_create(orders, batch_size=1000)
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                listing=listing,
                brand=listing.brand.code,
                designation=listing.designation,
                canonical=listing.canonical,
                quantity=quantity,
                unit_price=price,
                line_total=total,
            )
            for order, (listing, quantity, price, total) in zip(orders, lines, strict=True)
        ],
        batch_size=1000,
    )
    OrderEvent.objects.bulk_create(
        [
            OrderEvent(order=order, from_status="", to_status=OrderStatus.DELIVERED, actor_label="system", note=MARK)
            for order in orders
        ],
        batch_size=1000,
    )
    for start in range(0, len(orders), 500):
        orders_settle_batch(order_ids=[order.pk for order in orders[start : start + 500]])
    for order, at in zip(orders, times, strict=True):
        placed = at - timedelta(days=3)
        order.number, order.created_at, order.delivered_at = (
            order_number(order_id=order.pk, created_at=placed),
            placed,
            at - timedelta(minutes=5),
        )
    Order.objects.bulk_update(orders, ["number", "created_at", "delivered_at"], batch_size=1000)
    settled_at = {order.pk: at for order, at in zip(orders, times, strict=True)}
    settlements = list(Settlement.objects.filter(order_id__in=settled_at).only("pk", "order_id"))
    for settlement in settlements:
        settlement.settled_at = settled_at[settlement.order_id]
    Settlement.objects.bulk_update(settlements, ["settled_at"], batch_size=1000)
    say(f"Price-index history: {len(orders)} settled trades of {len(offers)} staple bearings over {HISTORY_DAYS} days.")
    return len(orders)
