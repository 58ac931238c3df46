import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from catalog.models import Listing
from orders.exceptions import InsufficientStock
from orders.services import stock_commit_shipment, stock_release, stock_reserve
from tests.orders.factories import listing_with, stock_of

pytestmark = pytest.mark.django_db


def test_reserve_moves_units_from_available_to_reserved() -> None:
    listing = listing_with(10)
    stock_reserve(lines=[(listing.pk, 4)])
    assert stock_of(listing) == (10, 4)
    assert Listing.objects.get(pk=listing.pk).quantity_available == 6


def test_reserve_sums_two_lines_on_one_listing_before_checking() -> None:
    listing = listing_with(10)
    with pytest.raises(InsufficientStock) as caught:
        stock_reserve(lines=[(listing.pk, 6), (listing.pk, 6)])
    assert caught.value.errors == {
        "lines.0.quantity": ["Only 10 available."],
        "lines.1.quantity": ["Only 10 available."],
    }
    assert stock_of(listing) == (10, 0)


def test_reserve_reports_every_short_line_and_reserves_nothing() -> None:
    plenty, short, empty = listing_with(50), listing_with(4), listing_with(0)
    with pytest.raises(InsufficientStock) as caught:
        stock_reserve(lines=[(plenty.pk, 5), (short.pk, 5), (empty.pk, 1)])
    assert caught.value.status_code == 409
    assert caught.value.code == "insufficient_stock"
    assert caught.value.errors == {"lines.1.quantity": ["Only 4 available."], "lines.2.quantity": ["Only 0 available."]}
    assert stock_of(plenty) == (50, 0)


def test_reserve_names_lines_by_the_positions_given() -> None:
    listing = listing_with(1)
    with pytest.raises(InsufficientStock) as caught:
        stock_reserve(lines=[(listing.pk, 2)], positions=[3])
    assert caught.value.errors == {"lines.3.quantity": ["Only 1 available."]}


def test_shortages_carry_positions_and_availability_for_callers_that_number_lines_otherwise() -> None:
    plenty, short = listing_with(50), listing_with(4)
    with pytest.raises(InsufficientStock) as caught:
        stock_reserve(lines=[(short.pk, 3), (plenty.pk, 5), (short.pk, 3)])
    assert caught.value.shortages == {0: 4, 2: 4}
    renamed = InsufficientStock(shortages={7: 4}, field="awards")
    assert renamed.errors == {"awards.7.quantity": ["Only 4 available."]}


def test_reserve_counts_earlier_reservations() -> None:
    listing = listing_with(10)
    stock_reserve(lines=[(listing.pk, 7)])
    with pytest.raises(InsufficientStock):
        stock_reserve(lines=[(listing.pk, 4)])
    stock_reserve(lines=[(listing.pk, 3)])
    assert stock_of(listing) == (10, 10)


def test_reserve_of_an_unknown_listing_is_a_shortage() -> None:
    with pytest.raises(InsufficientStock) as caught:
        stock_reserve(lines=[(987654321, 1)])
    assert caught.value.errors == {"lines.0.quantity": ["Only 0 available."]}


def test_reserve_refuses_a_zero_quantity() -> None:
    listing = listing_with(10)
    with pytest.raises(Exception, match="at least 1") as caught:
        stock_reserve(lines=[(listing.pk, 0)])
    assert caught.value.status_code == 400


def test_release_gives_units_back() -> None:
    listing = listing_with(10)
    stock_reserve(lines=[(listing.pk, 6)])
    stock_release(lines=[(listing.pk, 4)])
    assert stock_of(listing) == (10, 2)


def test_commit_shipment_lowers_on_hand_and_reserved_together() -> None:
    listing = listing_with(10)
    stock_reserve(lines=[(listing.pk, 6)])
    stock_commit_shipment(lines=[(listing.pk, 6)])
    assert stock_of(listing) == (4, 0)
    assert Listing.objects.get(pk=listing.pk).quantity_available == 4


def test_database_refuses_reserved_above_on_hand() -> None:
    listing = listing_with(3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listing.pk).update(quantity_reserved=4)


def test_stock_sync_after_a_reservation_keeps_the_reservation() -> None:
    """The catalog stores an ERP's available count as on hand = available + reserved."""
    listing = listing_with(10)
    stock_reserve(lines=[(listing.pk, 7)])
    reported_available = 1
    Listing.objects.filter(pk=listing.pk).update(quantity_on_hand=F("quantity_reserved") + reported_available)
    assert stock_of(listing) == (8, 7)
    with pytest.raises(InsufficientStock):
        stock_reserve(lines=[(listing.pk, 2)])
    stock_release(lines=[(listing.pk, 7)])
    assert Listing.objects.get(pk=listing.pk).quantity_available == 8


def test_shortage_inside_a_transaction_leaves_it_usable() -> None:
    short, plenty = listing_with(1), listing_with(5)
    with transaction.atomic():
        with pytest.raises(InsufficientStock):
            stock_reserve(lines=[(short.pk, 2)])
        stock_reserve(lines=[(plenty.pk, 2)])
    assert (stock_of(short), stock_of(plenty)) == ((1, 0), (5, 2))
