"""Row locks taken in one fixed order, so two transactions never wait on each other in a cycle."""

from collections.abc import Iterable

from django.db.models import QuerySet

from catalog.models import Listing
from orders.models import Order


def listings_for_update(ids: Iterable[int]) -> QuerySet[Listing]:
    """Lock the listings' rows (not joined rows) in primary-key order; evaluate inside a transaction."""
    return Listing.objects.filter(pk__in=set(ids)).order_by("pk").select_for_update(of=("self",))


def order_for_update(order_id: int) -> Order:
    """Lock one order's row for a status change."""
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)


def orders_for_update(ids: Iterable[int]) -> QuerySet[Order]:
    """Lock many orders' rows in primary-key order; evaluate inside a transaction."""
    return Order.objects.filter(pk__in=set(ids)).order_by("pk").select_for_update(of=("self",))
