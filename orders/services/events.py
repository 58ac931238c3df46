"""The audit row and the contract event written with every status change."""

from typing import Any

from orders.models import Order, OrderEvent
from orders.notifications.services import outbox_publish

SYSTEM = "system"


def order_event_record(
    *, order: Order, from_status: str, actor: Any | None, actor_org: Any | None = None, note: str = ""
) -> OrderEvent:
    """Write the OrderEvent for the order's current status and publish `order.<status>` to both sides."""
    event = OrderEvent.objects.create(
        order=order,
        actor=actor if actor is not None and actor.pk else None,
        actor_organization=actor_org,
        actor_label=actor.get_username() if actor is not None else SYSTEM,
        from_status=from_status,
        to_status=order.status,
        note=note[:500],
    )
    outbox_publish(
        event_type=f"order.{order.status}",
        data={"id": order.pk, "number": order.number, "status": order.status},
        organization_ids=[order.buyer_id, order.supplier_id],
    )
    return event
