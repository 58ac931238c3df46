"""Histories for scorecards: orders, events, invitations and answers with chosen timestamps.

Rows are written as the services would leave them (status, timestamps, audit rows); the dates are
set afterwards because the models stamp creation times themselves."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import Listing
from marketplace.organizations.models import Organization
from marketplace.rfqs.models import Quote, Rfq, RfqDecline, RfqInvitation
from orders.claims.models import Claim
from orders.models import Order, OrderEvent, OrderLine
from tests.factories import OrganizationFactory
from tests.rfqs.factories import ListingFactory

_numbers = itertools.count(1)


def days_ago(days: float, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=days)


def order(
    supplier: Organization,
    *,
    buyer: Organization | None = None,
    status: str = "delivered",
    created: datetime,
    confirmed: datetime | None = None,
    shipped: datetime | None = None,
    delivered: datetime | None = None,
    listing: Listing | None = None,
    cancelled_by: str | None = None,
) -> Order:
    """An order of one line; `cancelled_by` is "supplier", "buyer" or "system" for a cancelled one."""
    buyer = buyer or OrganizationFactory(kind="buyer")
    listing = listing or ListingFactory(supplier=supplier)
    made = Order.objects.create(
        number=f"T-{next(_numbers):08d}", buyer=buyer, supplier=supplier, status=status, total=Decimal("10.00")
    )
    OrderLine.objects.create(
        order=made,
        listing=listing,
        brand="SKF",
        designation=listing.designation,
        quantity=1,
        unit_price=Decimal("10.00"),
        line_total=Decimal("10.00"),
    )
    Order.objects.filter(pk=made.pk).update(
        created_at=created,
        confirmed_at=confirmed,
        shipped_at=shipped,
        delivered_at=delivered,
        cancelled_at=created + timedelta(hours=1) if status == "cancelled" else None,
    )
    if cancelled_by is not None:
        org = {"supplier": supplier, "buyer": buyer, "system": None}[cancelled_by]
        OrderEvent.objects.create(
            order=made,
            actor_organization=org,
            actor_label="system" if org is None else "someone",
            from_status="placed",
            to_status="cancelled",
        )
    return made


def invitation(
    supplier: Organization,
    *,
    invited: datetime,
    deadline: datetime,
    quoted: datetime | None = None,
    declined: datetime | None = None,
    status: str = "open",
) -> RfqInvitation:
    """An RFQ inviting `supplier`, answered by a quote and/or a decline at the given times."""
    rfq = Rfq.objects.create(buyer=OrganizationFactory(kind="buyer"), title="t", deadline=deadline, status=status)
    made = RfqInvitation.objects.create(rfq=rfq, supplier=supplier)
    RfqInvitation.objects.filter(pk=made.pk).update(created_at=invited)
    if quoted is not None:
        quote = Quote.objects.create(rfq=rfq, supplier=supplier, valid_until=quoted.date(), submitted_at=quoted)
        Quote.objects.filter(pk=quote.pk).update(created_at=quoted)
    if declined is not None:
        decline = RfqDecline.objects.create(rfq=rfq, supplier=supplier)
        RfqDecline.objects.filter(pk=decline.pk).update(created_at=declined)
    return made


def claim(made: Order, *, status: str = "resolved", refund: str | None = None) -> Claim:
    """A claim on an order; an ended one (resolved/withdrawn) carries its end time and any refund."""
    ended = status in {"resolved", "withdrawn"}
    return Claim.objects.create(
        order=made,
        status=status,
        kind="quality",
        requested_amount=Decimal("5.00"),
        refund_amount=Decimal(refund) if refund is not None else None,
        respond_by=timezone.now() + timedelta(days=3),
        resolved_at=timezone.now() if ended else None,
    )
