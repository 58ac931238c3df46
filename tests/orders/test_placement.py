import re
from decimal import Decimal

import pytest
from django.db import transaction

from marketplace.core.exceptions import DomainError
from marketplace.organizations.models import Organization
from orders.exceptions import InsufficientStock
from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.services import OrderLineSpec, order_create
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.factories import BrandFactory, ListingFactory, listing_with, stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(buyer: Organization) -> object:
    return UserFactory(organization=buyer)


def create(buyer: Organization, actor: object, *lines: OrderLineSpec, **kwargs: object) -> Order:
    return order_create(buyer=buyer, actor=actor, lines=list(lines), **kwargs)


def test_listing_line_is_priced_from_the_break_for_its_quantity(buyer: Organization, actor: object) -> None:
    listing = ListingFactory(quantity_on_hand=100, breaks=[(1, "12.50"), (10, "11.00"), (50, "9.99")])
    order = create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=12))
    line = order.lines.get()
    assert (line.unit_price, line.line_total) == (Decimal("11.00"), Decimal("132.00"))
    assert order.total == Decimal("132.00")
    assert order.currency == "CNY"


def test_line_copies_brand_code_and_designation(buyer: Organization, actor: object) -> None:
    listing = ListingFactory(brand=BrandFactory(code="NSK", name="NSK"), designation="6205DDU C3")
    line = create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=1)).lines.get()
    assert (line.brand, line.designation, line.listing_id) == ("NSK", "6205DDU C3", listing.pk)


def test_given_unit_price_overrides_the_breaks(buyer: Organization, actor: object) -> None:
    listing = ListingFactory()
    order = create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=3, unit_price=Decimal("10.005")))
    assert order.lines.get().unit_price == Decimal("10.01")
    assert order.total == Decimal("30.03")


def test_free_line_reserves_nothing_and_keeps_its_own_details(
    buyer: Organization, supplier: Organization, actor: object
) -> None:
    spec = OrderLineSpec(listing_id=None, quantity=5, unit_price=Decimal("20.00"), brand="FAG", designation="6206-2Z")
    order = create(buyer, actor, spec, supplier=supplier, rfq_id=77)
    line = order.lines.get()
    assert (line.listing_id, line.brand, line.designation, line.quantity_reserved) == (None, "FAG", "6206-2Z", 0)
    assert (order.supplier_id, order.rfq_id, order.total) == (supplier.pk, 77, Decimal("100.00"))


def test_free_lines_without_a_supplier_are_refused(buyer: Organization, actor: object) -> None:
    spec = OrderLineSpec(listing_id=None, quantity=5, unit_price=Decimal("20.00"), designation="6206")
    with pytest.raises(DomainError) as caught:
        create(buyer, actor, spec)
    assert caught.value.status_code == 400
    assert "supplier" in caught.value.errors


def test_lines_from_two_suppliers_are_refused_naming_the_line(buyer: Organization, actor: object) -> None:
    one, other = ListingFactory(), ListingFactory()
    with pytest.raises(DomainError) as caught:
        create(
            buyer, actor, OrderLineSpec(listing_id=one.pk, quantity=1), OrderLineSpec(listing_id=other.pk, quantity=1)
        )
    assert caught.value.status_code == 400
    assert list(caught.value.errors) == ["lines.1.listing"]
    assert stock_of(one) == (100, 0)


@pytest.mark.parametrize(
    "make",
    [
        lambda buyer: ListingFactory(is_active=False),
        lambda buyer: ListingFactory(supplier=OrganizationFactory(kind="supplier", status="pending")),
        lambda buyer: ListingFactory(supplier=OrganizationFactory(kind="supplier", status="suspended")),
        lambda buyer: ListingFactory(supplier=buyer),
    ],
    ids=["inactive", "supplier-pending", "supplier-suspended", "own-listing"],
)
def test_listing_not_visible_to_the_buyer_is_refused(buyer: Organization, actor: object, make: object) -> None:
    listing = make(buyer)
    with pytest.raises(DomainError) as caught:
        create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=1))
    assert caught.value.status_code == 400
    assert caught.value.errors == {"lines.0.listing": ["No such listing is on sale."]}
    assert not Order.objects.exists()


def test_soft_deleted_listing_is_refused(buyer: Organization, actor: object) -> None:
    from django.utils import timezone

    listing = ListingFactory(deleted_at=timezone.now())
    with pytest.raises(DomainError) as caught:
        create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=1))
    assert caught.value.errors == {"lines.0.listing": ["No such listing is on sale."]}


def test_quantity_below_moq_is_refused_naming_the_line(buyer: Organization, actor: object) -> None:
    listing = ListingFactory(moq=10, breaks=[(10, "5.00")])
    with pytest.raises(DomainError) as caught:
        create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=9))
    assert caught.value.errors == {"lines.0.quantity": ["The minimum order quantity is 10."]}


def test_zero_quantity_is_refused(buyer: Organization, actor: object) -> None:
    listing = ListingFactory()
    with pytest.raises(DomainError) as caught:
        create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=0))
    assert caught.value.status_code == 400
    assert "lines.0.quantity" in caught.value.errors


def test_empty_order_is_refused(buyer: Organization, actor: object) -> None:
    with pytest.raises(DomainError) as caught:
        create(buyer, actor)
    assert caught.value.status_code == 400


def test_two_lines_of_six_on_a_listing_of_ten_reserve_nothing(buyer: Organization, actor: object) -> None:
    listing = listing_with(10)
    line = OrderLineSpec(listing_id=listing.pk, quantity=6)
    with pytest.raises(InsufficientStock) as caught:
        create(buyer, actor, line, line)
    assert set(caught.value.errors) == {"lines.0.quantity", "lines.1.quantity"}
    assert stock_of(listing) == (10, 0)
    assert not Order.objects.exists()


def test_shortage_is_named_by_the_line_index_of_the_order(
    buyer: Organization, supplier: Organization, actor: object
) -> None:
    plenty, short = listing_with(10, supplier=supplier), listing_with(4, supplier=supplier)
    free = OrderLineSpec(listing_id=None, quantity=1, unit_price=Decimal(1), designation="6205")
    with pytest.raises(InsufficientStock) as caught:
        create(
            buyer,
            actor,
            free,
            OrderLineSpec(listing_id=plenty.pk, quantity=1),
            OrderLineSpec(listing_id=short.pk, quantity=5),
        )
    assert caught.value.errors == {"lines.2.quantity": ["Only 4 available."]}
    assert stock_of(plenty) == (10, 0)


def test_order_reserves_stock_and_remembers_it_per_line(buyer: Organization, actor: object) -> None:
    listing = listing_with(10)
    order = create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=3))
    assert stock_of(listing) == (10, 3)
    assert order.lines.get().quantity_reserved == 3
    assert (order.status, order.buyer_id, order.supplier_id) == ("placed", buyer.pk, listing.supplier_id)


def test_order_number_is_the_shanghai_date_and_six_digits(buyer: Organization, actor: object) -> None:
    order = create(buyer, actor, OrderLineSpec(listing_id=ListingFactory().pk, quantity=1))
    from django.utils import timezone

    day = timezone.localtime(order.created_at).strftime("%Y%m%d")
    assert re.fullmatch(rf"YD-{day}-\d{{6,}}", order.number)
    assert Order.objects.get(pk=order.pk).number == order.number


def test_placing_writes_the_first_event_and_tells_both_sides(buyer: Organization, actor: object) -> None:
    listing = ListingFactory()
    order = create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=1))
    event = OrderEvent.objects.get(order=order)
    assert (event.from_status, event.to_status, event.actor, event.actor_organization) == ("", "placed", actor, buyer)
    outbox = OutboxEvent.objects.filter(type="order.placed")
    assert {e.organization_id for e in outbox} == {buyer.pk, listing.supplier_id}
    assert all(e.data == {"id": order.pk, "number": order.number, "status": "placed"} for e in outbox)


def test_rolled_back_order_leaves_no_outbox_event(buyer: Organization, actor: object) -> None:
    listing = listing_with(10)

    def fail_after_the_order() -> None:
        with transaction.atomic():
            create(buyer, actor, OrderLineSpec(listing_id=listing.pk, quantity=2))
            raise RuntimeError("the caller's transaction fails after the order")

    with pytest.raises(RuntimeError):
        fail_after_the_order()
    assert not OutboxEvent.objects.exists()
    assert not Order.objects.exists()
    assert stock_of(listing) == (10, 0)


def test_several_orders_can_be_created_in_one_transaction(buyer: Organization, actor: object) -> None:
    one, other = listing_with(5), listing_with(5)
    with transaction.atomic():
        first = create(buyer, actor, OrderLineSpec(listing_id=one.pk, quantity=1))
        second = create(buyer, actor, OrderLineSpec(listing_id=other.pk, quantity=2))
    assert first.supplier_id != second.supplier_id
    assert (stock_of(one)[1], stock_of(other)[1]) == (1, 2)


def test_refused_order_inside_a_larger_transaction_leaves_nothing_and_the_transaction_usable(
    buyer: Organization, actor: object
) -> None:
    short, plenty = listing_with(1), listing_with(5)
    with transaction.atomic():
        with pytest.raises(InsufficientStock):
            create(buyer, actor, OrderLineSpec(listing_id=short.pk, quantity=2))
        kept = create(buyer, actor, OrderLineSpec(listing_id=plenty.pk, quantity=2))
    assert list(Order.objects.values_list("pk", flat=True)) == [kept.pk]
    assert OutboxEvent.objects.filter(type="order.placed").count() == 2
    assert (stock_of(short), stock_of(plenty)) == ((1, 0), (5, 2))
