"""Order use cases: placement, the state machine, stock reservation and the periodic sweeps."""

from orders.exceptions import InsufficientStock
from orders.services.events import order_event_record
from orders.services.placement import OrderLineSpec, order_create, order_number, order_place
from orders.services.stock import stock_commit_shipment, stock_release, stock_reserve
from orders.services.sweeps import orders_auto_deliver_due, orders_cancel_unconfirmed_due
from orders.services.transitions import (
    order_cancel,
    order_cancel_as,
    order_confirm,
    order_deliver,
    order_deliver_as,
    order_ship,
    order_transition,
    orders_transition_bulk,
)

__all__ = [
    "InsufficientStock",
    "OrderLineSpec",
    "order_cancel",
    "order_cancel_as",
    "order_confirm",
    "order_create",
    "order_deliver",
    "order_deliver_as",
    "order_event_record",
    "order_number",
    "order_place",
    "order_ship",
    "order_transition",
    "orders_auto_deliver_due",
    "orders_cancel_unconfirmed_due",
    "orders_transition_bulk",
    "stock_commit_shipment",
    "stock_release",
    "stock_reserve",
]
