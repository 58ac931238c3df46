"""The weekly reminder to suppliers whose listings' stock has gone stale."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from catalog.freshness import stale_before
from catalog.models import Listing
from orders.notifications.events import EventType
from orders.notifications.models import OutboxEvent
from orders.notifications.services import outbox_publish_many

# A supplier reminded within this long is not reminded again (a re-run of the weekly task sends nothing).
REMIND_EVERY = timedelta(days=6)


@transaction.atomic(durable=True)
def listings_stale_remind(*, now: datetime | None = None) -> int:
    """Publish `listings.stale` to each supplier with active stale listings (count, oldest confirmation).

    Returns the number of suppliers notified."""
    now = now or timezone.now()
    stale = (
        Listing.objects.filter(is_active=True, deleted_at__isnull=True, stock_confirmed_at__lt=stale_before(now))
        .values("supplier_id")
        .annotate(count=Count("id"), oldest=Min("stock_confirmed_at"))
        .order_by("supplier_id")
    )
    reminded = set(
        OutboxEvent.objects.filter(type=EventType.LISTINGS_STALE, created_at__gte=now - REMIND_EVERY).values_list(
            "organization_id", flat=True
        )
    )
    events = [
        (
            EventType.LISTINGS_STALE,
            {
                "supplier": row["supplier_id"],
                "stale_listings": row["count"],
                "oldest_stock_confirmed_at": row["oldest"].isoformat(),
            },
            [row["supplier_id"]],
        )
        for row in stale
        if row["supplier_id"] not in reminded
    ]
    outbox_publish_many(events=events)
    return len(events)
