"""The outbox: the one way business code announces an event."""

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction

from orders.notifications.models import OutboxEvent

logger = logging.getLogger(__name__)


def outbox_publish(*, event_type: str, data: dict[str, Any], organization_ids: Iterable[int]) -> list[OutboxEvent]:
    """Store one event per recipient organisation in the caller's transaction.

    Dispatch is scheduled after commit; the periodic sweep picks up anything a lost
    task missed, so a broker outage delays events but never loses them.
    """
    recipients = sorted(set(organization_ids))
    events = OutboxEvent.objects.bulk_create(
        [OutboxEvent(type=event_type, organization_id=org_id, data=data) for org_id in recipients]
    )
    ids = [event.pk for event in events]
    if ids:
        transaction.on_commit(partial(_schedule_dispatch, ids))
    return events


def _schedule_dispatch(event_ids: list[int]) -> None:
    from orders.notifications.tasks import outbox_dispatch  # noqa: PLC0415 - tasks import services

    try:
        outbox_dispatch.delay(event_ids)
    except Exception:
        logger.warning("Broker unavailable; outbox events %s left for the sweep", event_ids)
