"""Fixtures for order tests: a buyer and a supplier with clients, and a listing to buy."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from catalog.models import Listing
from marketplace.organizations.models import Organization
from orders.models import Order
from orders.services import OrderLineSpec, order_place
from tests.orders.factories import ListingFactory


@pytest.fixture
def listing(supplier: Organization) -> Listing:
    return ListingFactory(supplier=supplier, quantity_on_hand=10, breaks=[(1, "12.50"), (10, "11.00")])


@pytest.fixture
def place(buyer_client: APIClient, buyer: Organization) -> Callable[..., Order]:
    """Place an order through the service as the buyer's user: place(listing, qty) or place((l, q), (l, q))."""

    def _place(*lines: object, quantity: int = 1, who: Organization | None = None) -> Order:
        specs = (
            [OrderLineSpec(listing_id=lines[0].pk, quantity=quantity)]
            if len(lines) == 1 and isinstance(lines[0], Listing)
            else [OrderLineSpec(listing_id=item.pk, quantity=qty) for item, qty in lines]
        )
        return order_place(buyer=who or buyer, actor=buyer_client.user, lines=specs)

    return _place
