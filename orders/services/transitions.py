"""The order state machine: one function applies a transition; use cases add the party rules."""

import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import IllegalTransition, InvalidInput, NotAllowed, NotFound
from marketplace.organizations.models import Organization
from orders.choices import ORDER_TRANSITIONS, OrderStatus
from orders.locks import order_for_update, orders_for_update
from orders.models import Order, OrderLine
from orders.services.events import order_event_record, order_events_record
from orders.services.stock import stock_commit_shipment, stock_release

logger = logging.getLogger(__name__)

TIMESTAMPS = {
    OrderStatus.CONFIRMED: "confirmed_at",
    OrderStatus.SHIPPED: "shipped_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.CANCELLED: "cancelled_at",
}
BUYER, SUPPLIER, STAFF = "buyer", "supplier", "staff"
TRACKING_MAX = 100


@transaction.atomic
def order_transition(
    *,
    order: Order,
    to_status: str,
    actor: Any | None,
    actor_org: Organization | None = None,
    note: str = "",
    fields: dict[str, Any] | None = None,
) -> Order:
    """Lock the order, check ORDER_TRANSITIONS, save, audit and announce `order.<to_status>`.

    `actor` None means the system (a task, the settlement). Not durable, so a caller's
    transaction (cancelling and releasing stock, settling) includes it.
    """
    locked = order_for_update(order.pk)
    _transition_check(from_status=locked.status, to_status=to_status)
    from_status = locked.status
    changed = _transition_changes(to_status=to_status, fields=fields)
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*changed, "updated_at"])
    for name in [*changed, "updated_at"]:
        setattr(order, name, getattr(locked, name))
    order_event_record(order=order, from_status=from_status, actor=actor, actor_org=actor_org, note=note)
    return order


@transaction.atomic
def orders_transition_bulk(
    *,
    orders: Sequence[Order],
    to_status: str,
    actor: Any | None = None,
    actor_org: Organization | None = None,
    note: str = "",
) -> list[Order]:
    """`order_transition` for many orders in a constant number of statements: lock, check, one UPDATE,
    one audit insert and one outbox insert. Any illegal transition refuses the whole call."""
    if not orders:
        return []
    ids = sorted({order.pk for order in orders})
    from_statuses = dict(orders_for_update(ids).values_list("pk", "status"))
    for order_id in ids:
        if order_id not in from_statuses:
            raise NotFound()
        _transition_check(from_status=from_statuses[order_id], to_status=to_status)
    changed = {**_transition_changes(to_status=to_status, fields=None), "updated_at": timezone.now()}
    Order.objects.filter(pk__in=ids).update(**changed)
    unique = list({order.pk: order for order in orders}.values())
    for order in unique:
        for name, value in changed.items():
            setattr(order, name, value)
    order_events_record(
        orders=unique,
        from_statuses=[from_statuses[order.pk] for order in unique],
        actor=actor,
        actor_org=actor_org,
        note=note,
    )
    return unique


def _transition_check(*, from_status: str, to_status: str) -> None:
    if to_status not in ORDER_TRANSITIONS.get(from_status, set()):
        raise IllegalTransition(
            _("An order that is %(from)s cannot become %(to)s.") % {"from": from_status, "to": to_status}
        )


def _transition_changes(*, to_status: str, fields: dict[str, Any] | None) -> dict[str, Any]:
    """The columns a transition writes: the status, its timestamp if it has one, and the caller's fields."""
    changed = {"status": to_status, **(fields or {})}
    if to_status in TIMESTAMPS:
        changed[TIMESTAMPS[to_status]] = timezone.now()
    return changed


def _party(order: Order, actor: Any) -> str:
    """Which side of the order the actor is on; anyone else must not learn the order exists."""
    org_id = getattr(actor, "organization_id", None)
    if org_id is not None and org_id == order.buyer_id:
        return BUYER
    if org_id is not None and org_id == order.supplier_id:
        return SUPPLIER
    if getattr(actor, "is_staff", False):
        return STAFF
    raise NotFound()


def _require(order: Order, actor: Any, allowed: set[str], message: str) -> None:
    if _party(order, actor) not in allowed:
        raise NotAllowed(message)


def _reserved_lines(order: Order) -> list[tuple[int, int, int]]:
    """(line id, listing id, units still reserved) of the order's listing lines."""
    return list(
        OrderLine.objects.filter(order_id=order.pk, listing__isnull=False, quantity_reserved__gt=0)
        .order_by("pk")
        .values_list("pk", "listing_id", "quantity_reserved")
    )


def _clear_reservations(rows: list[tuple[int, int, int]]) -> None:
    # Zeroed in the transaction that moves the stock, so no later call can move it twice.
    OrderLine.objects.filter(pk__in=[pk for pk, _listing, _qty in rows]).update(quantity_reserved=0)


@transaction.atomic
def order_cancel_as(*, order: Order, actor: Any | None, actor_org: Organization | None, note: str) -> Order:
    """Cancel a placed order and release its reservation exactly once (no party check)."""
    order = order_transition(order=order, to_status=OrderStatus.CANCELLED, actor=actor, actor_org=actor_org, note=note)
    rows = _reserved_lines(order)
    stock_release(lines=[(listing_id, qty) for _pk, listing_id, qty in rows])
    _clear_reservations(rows)
    return order


@transaction.atomic
def order_deliver_as(*, order: Order, actor: Any | None, actor_org: Organization | None, note: str = "") -> Order:
    """Mark an order delivered and queue its settlement after commit (no party check)."""
    order = order_transition(order=order, to_status=OrderStatus.DELIVERED, actor=actor, actor_org=actor_org, note=note)
    transaction.on_commit(partial(_settlement_enqueue, order.pk))
    return order


def _settlement_enqueue(order_id: int) -> None:
    from orders.settlement.tasks import order_settle  # noqa: PLC0415 - the settlement app imports orders

    try:
        order_settle.delay(order_id)
    except Exception:
        # The order is already delivered; the settlement sweep picks it up once the broker is back.
        logger.exception("Could not queue the settlement of order %s; left for the sweep", order_id)


@transaction.atomic(durable=True)
def order_confirm(*, order: Order, actor: Any) -> Order:
    """The supplier accepts a placed order."""
    _require(order, actor, {SUPPLIER}, _("Only the supplier can confirm an order."))
    return order_transition(order=order, to_status=OrderStatus.CONFIRMED, actor=actor, actor_org=order.supplier)


@transaction.atomic(durable=True)
def order_ship(*, order: Order, actor: Any, tracking_number: str) -> Order:
    """The supplier ships a confirmed order: its reserved units leave the stock on hand."""
    _require(order, actor, {SUPPLIER}, _("Only the supplier can ship an order."))
    tracking_number = tracking_number.strip()
    if not tracking_number or len(tracking_number) > TRACKING_MAX:
        raise InvalidInput(
            _("A tracking number of 1 to 100 characters is required."),
            errors={"tracking_number": [_("A tracking number of 1 to 100 characters is required.")]},
        )
    order = order_transition(
        order=order,
        to_status=OrderStatus.SHIPPED,
        actor=actor,
        actor_org=order.supplier,
        fields={"tracking_number": tracking_number},
    )
    rows = _reserved_lines(order)
    stock_commit_shipment(lines=[(listing_id, qty) for _pk, listing_id, qty in rows])
    _clear_reservations(rows)
    return order


@transaction.atomic(durable=True)
def order_deliver(*, order: Order, actor: Any) -> Order:
    """The buyer confirms receipt; settlement follows in a worker."""
    _require(order, actor, {BUYER}, _("Only the buyer can confirm delivery."))
    return order_deliver_as(order=order, actor=actor, actor_org=order.buyer)


@transaction.atomic(durable=True)
def order_cancel(*, order: Order, actor: Any, reason: str = "") -> Order:
    """The buyer withdraws, or the supplier rejects, a placed order; staff may cancel either way."""
    party = _party(order, actor)
    actor_org = {BUYER: order.buyer, SUPPLIER: order.supplier}.get(party)
    return order_cancel_as(order=order, actor=actor, actor_org=actor_org, note=reason)
