"""Stock reservation: the only code that changes `Listing.quantity_reserved`.

A listing's `quantity_available` is `quantity_on_hand - quantity_reserved` (a generated
column) and the database refuses `quantity_reserved > quantity_on_hand`
(`listing_reserved_lte_on_hand`). Placing an order reserves units; cancelling releases
them; shipping commits them (on hand and reserved both drop, available is unchanged).

The supplier's ERP reports *available* stock; the catalog stores it as
`quantity_on_hand = available + quantity_reserved` in one conditional UPDATE, so a stock
sync never takes on-hand below what is already reserved and never drops a reservation.

Rows are locked (or updated) in primary-key order so two orders sharing listings in
opposite line order queue behind each other instead of deadlocking.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from catalog.models import Listing
from marketplace.core.exceptions import InvalidInput
from orders.exceptions import InsufficientStock
from orders.locks import listings_for_update

StockLines = Sequence[tuple[int, int]]


def _in_transaction(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run in the caller's transaction, or in a new one when there is none.

    No savepoint of its own: checks come before any write, so a shortage leaves the
    caller's transaction clean and the caller decides what to roll back.
    """

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if connection.in_atomic_block:
            return function(*args, **kwargs)
        with transaction.atomic():
            return function(*args, **kwargs)

    return wrapper


def _totals(lines: StockLines, positions: Sequence[int] | None = None) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Sum quantities per listing and remember which line positions ask for each one."""
    if positions is not None and len(positions) != len(lines):
        raise ValueError("positions must name every line")
    totals: dict[int, int] = defaultdict(int)
    where: dict[int, list[int]] = defaultdict(list)
    for index, (listing_id, quantity) in enumerate(lines):
        position = positions[index] if positions is not None else index
        if quantity < 1:
            raise InvalidInput(
                _("Quantities must be at least 1."),
                errors={f"lines.{position}.quantity": [_("Ensure this value is greater than or equal to 1.")]},
            )
        totals[listing_id] += quantity
        where[listing_id].append(position)
    return dict(totals), dict(where)


@_in_transaction
def stock_reserve(*, lines: StockLines, positions: Sequence[int] | None = None) -> None:
    """Reserve every (listing_id, quantity) line, all or nothing.

    Lines on the same listing are summed before the check. Every shortage is reported in
    one InsufficientStock naming the lines (`lines.<position>.quantity`); `positions`
    gives the line numbers to name when these lines are a subset of a larger order.
    """
    totals, where = _totals(lines, positions)
    if not totals:
        return
    locked = {
        listing.pk: listing for listing in listings_for_update(totals).only("quantity_on_hand", "quantity_reserved")
    }
    shortages: dict[int, int] = {}
    for listing_id, wanted in totals.items():
        listing = locked.get(listing_id)
        available = listing.quantity_on_hand - listing.quantity_reserved if listing else 0
        if wanted > available:
            shortages.update(dict.fromkeys(where[listing_id], available))
    if shortages:
        raise InsufficientStock(shortages=shortages)
    for listing_id in sorted(totals):
        Listing.objects.filter(pk=listing_id).update(quantity_reserved=F("quantity_reserved") + totals[listing_id])


@_in_transaction
def stock_release(*, lines: StockLines) -> None:
    """Give reserved units back to available stock (an order cancelled before shipping)."""
    totals, _where = _totals(lines)
    # Row locks come from the UPDATEs themselves, taken in pk order like listings_for_update.
    for listing_id in sorted(totals):
        # Greatest: a release never drives the counter negative, even after a manual correction.
        Listing.objects.filter(pk=listing_id).update(
            quantity_reserved=Greatest(F("quantity_reserved") - totals[listing_id], 0)
        )


@_in_transaction
def stock_commit_shipment(*, lines: StockLines) -> None:
    """Turn reservations into stock that has left the warehouse: on hand and reserved both drop."""
    totals, _where = _totals(lines)
    for listing_id in sorted(totals):
        quantity = totals[listing_id]
        Listing.objects.filter(pk=listing_id).update(
            quantity_on_hand=Greatest(F("quantity_on_hand") - quantity, 0),
            quantity_reserved=Greatest(F("quantity_reserved") - quantity, 0),
        )
