"""Six weeks of trading history for the demo market: orders in every state, RFQs with quotes and awards.

Every step goes through the orders' and RFQs' services; only the timestamps are moved back afterwards,
so the dashboard's charts have a history. Idempotent: skipped when the demo buyers already trade.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog.models import Listing
from marketplace.core.exceptions import DomainError
from marketplace.demo.seeding import Market, Participant, Say
from orders.choices import OrderStatus
from orders.models import Order, OrderEvent
from orders.services import (
    OrderLineSpec,
    order_cancel,
    order_confirm,
    order_deliver,
    order_number,
    order_place,
    order_ship,
    order_transition,
)

HISTORY_DAYS = 42
# Bearings every motor, gearbox and car-parts maker buys: the price-trend chart has data for them.
# The admin dashboard's price-trend example: many orders carry it so its chart has a line.
TREND_EXAMPLE = "6205-2RS"
TREND_EXAMPLE_SHARE = 0.4
CHEAP, MID_PRICED = Decimal(20), Decimal(200)
STAPLES = ("6205", "6204", "6206", "6305", "6203", "6308", "30205", "NU206", "22220", "UC205")
# (minimum age in days, {final status: weight}): old orders have settled, recent ones are under way.
LIFECYCLE = (
    (12, {"settled": 82, "cancelled": 13, "delivered": 5}),
    (5, {"settled": 40, "delivered": 20, "shipped": 25, "cancelled": 15}),
    (2, {"shipped": 40, "confirmed": 35, "delivered": 15, "cancelled": 10}),
    (0, {"placed": 60, "confirmed": 30, "cancelled": 10}),
)
PATH = ("confirmed", "shipped", "delivered", "settled")


@dataclass
class _Plan:
    created_at: datetime
    final: str


def _final_status(rng: random.Random, age_days: int) -> str:
    for minimum, weights in LIFECYCLE:
        if age_days >= minimum:
            return rng.choices(list(weights), list(weights.values()))[0]
    return "placed"  # pragma: no cover - the last row has minimum 0


def _quantity(rng: random.Random, listing: Listing) -> int:
    price = listing.base_unit_price or Decimal(1)
    wanted = (
        rng.choice((50, 100, 200, 500))
        if price < CHEAP
        else rng.randint(10, 60)
        if price < MID_PRICED
        else rng.randint(1, 8)
    )
    return max(listing.moq, min(wanted, listing.quantity_available))


def _stocked(supplier_id: int) -> list[Listing]:
    staples = Q(base_designation__in=STAPLES)
    rows = Listing.objects.filter(supplier_id=supplier_id, quantity_on_hand__gt=0, deleted_at__isnull=True)
    return list(rows.filter(staples)[:200]) or list(rows[:200])


def _timeline(rng: random.Random, plan: _Plan, now: datetime) -> dict[str, datetime]:
    """When each step happened, spaced as a Linqing trader works (same-day confirm, ship in a day or two)."""
    times = {"placed": plan.created_at}
    at = plan.created_at
    for status, hours in (("confirmed", (1, 20)), ("shipped", (12, 48)), ("delivered", (40, 100))):
        at = min(at + timedelta(hours=rng.uniform(*hours)), now - timedelta(minutes=5))
        times[status] = at
    times["settled"] = min(times["delivered"] + timedelta(minutes=2), now)
    times["cancelled"] = min(plan.created_at + timedelta(hours=rng.uniform(1, 30)), now - timedelta(minutes=5))
    return times


def _advance(order: Order, final: str, supplier: Participant, buyer: Participant, tracking: str) -> None:
    """Walk the order to its final status through the orders' use cases."""
    if final == "cancelled":
        order_cancel(order=order, actor=buyer.user, reason="采购计划调整")
        return
    for status in PATH[: PATH.index(final) + 1] if final != "placed" else ():
        if status == "confirmed":
            order_confirm(order=order, actor=supplier.user)
        elif status == "shipped":
            order_ship(order=order, actor=supplier.user, tracking_number=tracking)
        elif status == "delivered" and final == "delivered":
            # Delivered, its settlement not yet run: the transition alone, as if the worker were behind.
            with transaction.atomic():
                order_transition(order=order, to_status=OrderStatus.DELIVERED, actor=buyer.user, actor_org=order.buyer)
        elif status == "delivered":
            order_deliver(order=order, actor=buyer.user)
    if final == "settled":
        from orders.settlement.services import order_settle  # noqa: PLC0415 - settlement sits above orders

        order_settle(order_id=order.pk)  # a no-op when the in-process task already settled it


def _backdate(order: Order, times: dict[str, datetime]) -> None:
    """Move the order, its audit trail and its settlement to when they happened in the story."""
    reached = set(OrderEvent.objects.filter(order=order).values_list("to_status", flat=True))
    fields: dict[str, Any] = {
        "created_at": times["placed"],
        "number": order_number(order_id=order.pk, created_at=times["placed"]),
    }
    for status, column in (
        ("confirmed", "confirmed_at"),
        ("shipped", "shipped_at"),
        ("delivered", "delivered_at"),
        ("cancelled", "cancelled_at"),
    ):
        if status in reached:
            fields[column] = times[status]
    fields["updated_at"] = max(times[s] for s in reached | {"placed"} if s in times)
    Order.objects.filter(pk=order.pk).update(**fields)
    for status in reached:
        OrderEvent.objects.filter(order=order, to_status=status).update(at=times[status])
    if "settled" in reached:
        from orders.settlement.models import Settlement  # noqa: PLC0415

        Settlement.objects.filter(order=order).update(settled_at=times["settled"])


def orders_ensure(*, market: Market, count: int, say: Say, seed: str = "yandian-orders") -> int:
    """`count` orders over the last six weeks between the demo buyers and the verified suppliers."""
    buyer_ids = [p.organization.pk for p in market.buyers.values()]
    if Order.objects.filter(buyer_id__in=buyer_ids).exists():
        say("Orders: already there, none added.")
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    now = timezone.now()
    suppliers = [p for p in market.suppliers.values() if p.organization.is_verified]
    stock = {p.username: _stocked(p.organization.pk) for p in suppliers}
    suppliers = [p for p in suppliers if stock[p.username]]
    made = 0
    for index in range(count):
        age = min(int(rng.expovariate(1 / 14)), HISTORY_DAYS - 1)
        created = now - timedelta(days=age, hours=rng.uniform(0, 10))
        plan = _Plan(created_at=min(created, now - timedelta(minutes=30)), final=_final_status(rng, age))
        buyer = rng.choice(list(market.buyers.values()))
        supplier = rng.choice(suppliers)
        chosen = rng.sample(stock[supplier.username], k=min(len(stock[supplier.username]), rng.choice((1, 1, 2, 3))))
        examples = [listing for listing in stock[supplier.username] if listing.canonical == TREND_EXAMPLE]
        pick = rng.choice(examples) if examples and rng.random() < TREND_EXAMPLE_SHARE else None
        if pick is not None and pick not in chosen:
            chosen[0] = pick
        lines = [OrderLineSpec(listing_id=listing.pk, quantity=_quantity(rng, listing)) for listing in chosen]
        try:
            order = order_place(
                buyer=buyer.organization, actor=buyer.user, lines=lines, delivery_city=buyer.organization.city
            )
        except DomainError:  # sold out by an earlier demo order: skip it, as a buyer would
            continue
        _advance(order, plan.final, supplier, buyer, tracking=f"SF{1_400_000_000 + index * 7919:010d}")
        _backdate(order, _timeline(rng, plan, now))
        for listing in chosen:
            listing.refresh_from_db(fields=["quantity_on_hand", "quantity_reserved", "quantity_available"])
        made += 1
    say(f"Orders: {made} placed over the last {HISTORY_DAYS} days, in every state.")
    return made
