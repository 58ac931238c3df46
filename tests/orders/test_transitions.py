"""The state machine through its use cases: party rules, illegal moves, stock and the audit trail."""

from collections.abc import Callable
from functools import partial

import pytest

from catalog.models import Listing
from marketplace.core.exceptions import DomainError
from marketplace.organizations.models import Organization
from orders.choices import ORDER_TRANSITIONS, OrderStatus
from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.services import (
    order_cancel,
    order_confirm,
    order_deliver,
    order_ship,
    order_transition,
)
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.factories import stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(supplier: Organization) -> object:
    return UserFactory(organization=supplier)


@pytest.fixture
def purchaser(buyer: Organization) -> object:
    return UserFactory(organization=buyer)


@pytest.fixture
def actors(seller: object, purchaser: object) -> dict[str, object]:
    return {"seller": seller, "purchaser": purchaser}


def raises(code: str, status: int, call: Callable[[], object]) -> None:
    with pytest.raises(DomainError) as caught:
        call()
    assert (caught.value.code, caught.value.status_code) == (code, status)


def test_confirm_ship_deliver_is_the_happy_path(
    place: Callable, listing: Listing, seller: object, purchaser: object
) -> None:
    order = place(listing, quantity=3)
    order = order_confirm(order=order, actor=seller)
    assert order.status == "confirmed"
    assert order.confirmed_at is not None
    order = order_ship(order=order, actor=seller, tracking_number="SF1234567890")
    assert (order.status, order.tracking_number) == ("shipped", "SF1234567890")
    order = order_deliver(order=order, actor=purchaser)
    assert order.status == "delivered"
    assert order.delivered_at is not None
    assert Order.objects.get(pk=order.pk).status in {"delivered", "settled"}


def test_shipping_turns_the_reservation_into_less_stock_on_hand(
    place: Callable, listing: Listing, seller: object
) -> None:
    order = place(listing, quantity=3)
    order_confirm(order=order, actor=seller)
    assert stock_of(listing) == (10, 3)
    order_ship(order=order, actor=seller, tracking_number="T1")
    assert stock_of(listing) == (7, 0)
    assert order.lines.get().quantity_reserved == 0


def test_ship_needs_a_tracking_number(place: Callable, listing: Listing, seller: object) -> None:
    order = place(listing)
    order_confirm(order=order, actor=seller)
    raises("invalid", 400, partial(order_ship, order=order, actor=seller, tracking_number="   "))
    assert Order.objects.get(pk=order.pk).status == "confirmed"


def test_buyer_cancel_releases_stock(place: Callable, listing: Listing, purchaser: object) -> None:
    order = place(listing, quantity=4)
    order = order_cancel(order=order, actor=purchaser, reason="found it cheaper")
    assert (order.status, stock_of(listing)) == ("cancelled", (10, 0))
    assert order.cancelled_at is not None
    assert OrderEvent.objects.filter(order=order).last().note == "found it cheaper"


def test_supplier_rejects_by_cancelling(place: Callable, listing: Listing, seller: object) -> None:
    order = order_cancel(order=place(listing, quantity=4), actor=seller, reason="discontinued")
    assert order.status == "cancelled"
    assert stock_of(listing) == (10, 0)


def test_second_cancel_is_409_and_stock_is_released_once(place: Callable, listing: Listing, purchaser: object) -> None:
    order = place(listing, quantity=4)
    place(listing, quantity=2)
    order_cancel(order=order, actor=purchaser)
    raises("illegal_transition", 409, partial(order_cancel, order=order, actor=purchaser))
    assert stock_of(listing) == (10, 2)


def test_cancel_after_confirmation_is_409(place: Callable, listing: Listing, seller: object, purchaser: object) -> None:
    order = place(listing)
    order_confirm(order=order, actor=seller)
    raises("illegal_transition", 409, partial(order_cancel, order=order, actor=purchaser))
    assert stock_of(listing) == (10, 1)


@pytest.mark.parametrize(
    ("use_case", "who"),
    [
        ("confirm", "purchaser"),
        ("ship", "purchaser"),
        ("deliver", "seller"),
    ],
)
def test_wrong_party_is_403(place: Callable, listing: Listing, actors: dict, use_case: str, who: str) -> None:
    order = place(listing)
    actor = actors[who]
    calls = {
        "confirm": partial(order_confirm, order=order, actor=actor),
        "ship": partial(order_ship, order=order, actor=actor, tracking_number="T"),
        "deliver": partial(order_deliver, order=order, actor=actor),
    }
    raises("permission_denied", 403, calls[use_case])
    assert Order.objects.get(pk=order.pk).status == "placed"


def test_another_organisation_gets_404(place: Callable, listing: Listing) -> None:
    stranger = UserFactory(organization=OrganizationFactory(kind="supplier"))
    order = place(listing)
    for call in (
        partial(order_confirm, order=order, actor=stranger),
        partial(order_cancel, order=order, actor=stranger),
        partial(order_deliver, order=order, actor=stranger),
    ):
        raises("not_found", 404, call)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (start, target)
        for start in OrderStatus.values
        for target in OrderStatus.values
        if target not in ORDER_TRANSITIONS[start]
    ],
)
def test_every_transition_outside_the_table_is_409(place: Callable, listing: Listing, start: str, target: str) -> None:
    order = place(listing)
    Order.objects.filter(pk=order.pk).update(status=start)
    raises("illegal_transition", 409, partial(order_transition, order=order, to_status=target, actor=None))
    assert Order.objects.get(pk=order.pk).status == start


@pytest.mark.parametrize(
    ("start", "use_case"),
    [
        ("placed", "ship"),
        ("placed", "deliver"),
        ("confirmed", "confirm"),
        ("confirmed", "deliver"),
        ("shipped", "confirm"),
        ("shipped", "ship"),
        ("shipped", "cancel"),
        ("delivered", "deliver"),
        ("delivered", "cancel"),
        ("settled", "cancel"),
        ("cancelled", "confirm"),
        ("cancelled", "cancel"),
    ],
)
def test_use_case_in_the_wrong_state_is_409(
    place: Callable, listing: Listing, actors: dict, start: str, use_case: str
) -> None:
    seller, purchaser = actors["seller"], actors["purchaser"]
    order = place(listing)
    Order.objects.filter(pk=order.pk).update(status=start)
    calls = {
        "confirm": partial(order_confirm, order=order, actor=seller),
        "ship": partial(order_ship, order=order, actor=seller, tracking_number="T"),
        "deliver": partial(order_deliver, order=order, actor=purchaser),
        "cancel": partial(order_cancel, order=order, actor=purchaser),
    }
    raises("illegal_transition", 409, calls[use_case])


def test_events_trail_records_each_step_and_actor(
    place: Callable, listing: Listing, seller: object, purchaser: object
) -> None:
    order = place(listing)
    order_confirm(order=order, actor=seller)
    order_ship(order=order, actor=seller, tracking_number="T")
    order_deliver(order=order, actor=purchaser)
    trail = list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status", "actor_label"))
    assert trail[:4] == [
        ("", "placed", order.events.first().actor_label),
        ("placed", "confirmed", seller.username),
        ("confirmed", "shipped", seller.username),
        ("shipped", "delivered", purchaser.username),
    ]


def test_each_transition_publishes_its_event_to_both_sides(
    place: Callable, listing: Listing, seller: object, purchaser: object, buyer: Organization
) -> None:
    order = place(listing)
    order_confirm(order=order, actor=seller)
    order_ship(order=order, actor=seller, tracking_number="T")
    order_deliver(order=order, actor=purchaser)
    for kind in ("placed", "confirmed", "shipped", "delivered"):
        rows = OutboxEvent.objects.filter(type=f"order.{kind}")
        assert sorted(rows.values_list("organization_id", flat=True)) == sorted([buyer.pk, listing.supplier_id])
        assert {row.data["status"] for row in rows} == {kind}
        assert {row.data["number"] for row in rows} == {order.number}


def test_refused_transition_publishes_nothing(place: Callable, listing: Listing, purchaser: object) -> None:
    order = place(listing)
    before = OutboxEvent.objects.count()
    raises("illegal_transition", 409, partial(order_deliver, order=order, actor=purchaser))
    assert OutboxEvent.objects.count() == before
    assert OrderEvent.objects.filter(order=order).count() == 1


def test_system_transition_is_recorded_as_system(place: Callable, listing: Listing) -> None:
    order = place(listing)
    order_transition(order=order, to_status=OrderStatus.CANCELLED, actor=None, note="by a task")
    event = OrderEvent.objects.filter(order=order).last()
    assert (event.actor, event.actor_label, event.note) == (None, "system", "by a task")


def test_delivery_queues_the_settlement_after_commit(
    place: Callable,
    listing: Listing,
    seller: object,
    purchaser: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    order = place(listing)
    order_confirm(order=order, actor=seller)
    order_ship(order=order, actor=seller, tracking_number="T")
    with django_capture_on_commit_callbacks() as callbacks:
        order_deliver(order=order, actor=purchaser)
    queued = [cb for cb in callbacks if getattr(cb, "func", None).__name__ == "_settlement_enqueue"]
    assert [cb.args for cb in queued] == [(order.pk,)]


def test_staff_may_cancel_but_not_confirm(place: Callable, listing: Listing) -> None:
    staff = UserFactory(organization=None, is_staff=True)
    order = place(listing, quantity=2)
    raises("permission_denied", 403, partial(order_confirm, order=order, actor=staff))
    order_cancel(order=order, actor=staff, reason="fraud")
    assert stock_of(listing) == (10, 0)
