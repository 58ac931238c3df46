"""The audit row and the contract event written with every status change."""

from collections.abc import Sequence
from typing import Any

from orders.models import Order, OrderEvent
from orders.notifications.services import outbox_publish_many

SYSTEM = "system"


def order_event_record(
    *, order: Order, from_status: str, actor: Any | None, actor_org: Any | None = None, note: str = ""
) -> OrderEvent:
    """Write the OrderEvent for the order's current status and publish `order.<status>` to both sides."""
    return order_events_record(
        orders=[order], from_statuses=[from_status], actor=actor, actor_org=actor_org, note=note
    )[0]


def order_events_record(
    *,
    orders: Sequence[Order],
    from_statuses: Sequence[str],
    actor: Any | None,
    actor_org: Any | None = None,
    note: str = "",
) -> list[OrderEvent]:
    """The OrderEvents of many orders' current statuses in one insert, and their events in one outbox insert."""
    events = OrderEvent.objects.bulk_create(
        [
            OrderEvent(
                order=order,
                actor=actor if actor is not None and actor.pk else None,
                actor_organization=actor_org,
                actor_label=actor.get_username() if actor is not None else SYSTEM,
                from_status=from_status,
                to_status=order.status,
                note=note[:500],
            )
            for order, from_status in zip(orders, from_statuses, strict=True)
        ]
    )
    outbox_publish_many(
        events=[
            (
                f"order.{order.status}",
                {"id": order.pk, "number": order.number, "status": order.status},
                [order.buyer_id, order.supplier_id],
            )
            for order in orders
        ]
    )
    return events
