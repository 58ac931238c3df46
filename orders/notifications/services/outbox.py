"""The outbox: events stored with the change that causes them, dispatched after commit."""

import logging
import smtplib
from collections.abc import Iterable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from orders.notifications.models import OutboxEvent
from orders.notifications.services.deliveries import webhook_deliveries_create, webhook_delivery_schedule
from orders.notifications.services.email import email_send_for_event
from orders.notifications.services.notifications import notification_create

logger = logging.getLogger(__name__)

# E-mail retries after a failed send: the event stays pending until mail goes out or this runs out.
EMAIL_RETRY_DELAYS = [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30)] + [
    timedelta(hours=1)
] * 6
EMAIL_ERRORS = (OSError, smtplib.SMTPException)
# How long a claimed e-mail attempt may take before the sweep takes it for lost (well above EMAIL_TIMEOUT).
EMAIL_LEASE = timedelta(minutes=5)


def outbox_publish(
    *, event_type: str, data: dict[str, Any], organization_ids: Iterable[int | None]
) -> list[OutboxEvent]:
    """Store one event per recipient organisation in the caller's transaction.

    Dispatch is scheduled after commit; the periodic sweep picks up anything a lost
    task missed, so a broker outage delays events but never loses them.
    """
    return outbox_publish_many(events=[(event_type, data, organization_ids)])


def outbox_publish_many(*, events: Sequence[tuple[str, dict[str, Any], Iterable[int | None]]]) -> list[OutboxEvent]:
    """`outbox_publish` for many (event_type, data, organization_ids) at once: one insert, one dispatch task."""
    rows = [
        OutboxEvent(type=event_type, organization_id=org_id, data=data)
        for event_type, data, organization_ids in events
        for org_id in sorted(set(organization_ids), key=lambda org_id: (org_id is not None, org_id or 0))
    ]
    stored = OutboxEvent.objects.bulk_create(rows) if rows else []
    ids = [event.pk for event in stored]
    if ids:
        transaction.on_commit(partial(_schedule_dispatch, ids))
    return stored


def _schedule_dispatch(event_ids: list[int]) -> None:
    from orders.notifications.tasks import outbox_dispatch  # noqa: PLC0415 - tasks import services

    try:
        outbox_dispatch.delay(event_ids)
    except Exception:
        logger.warning("Broker unavailable; outbox events %s left for the sweep", event_ids)


def outbox_event_dispatch(*, event_id: int) -> OutboxEvent | None:
    """Fan one event out exactly once (notification, webhook deliveries), then send its e-mail.

    E-mail goes out with no lock or transaction held: the attempt is claimed first (its number and a
    lease in the row), sent, and its outcome recorded in a second short transaction. A worker lost
    between claim and record leaves the claim behind, never a silent gap; the sweep retries it once
    the lease has passed, with the same Message-IDs, so a receiver can tell a repeat from a new mail.
    """
    claim = _email_claim(event_id=event_id)
    if claim is None:
        return OutboxEvent.objects.filter(pk=event_id).first()
    try:
        email_send_for_event(event=claim)
    except EMAIL_ERRORS as exc:
        return _email_record(event_id=event_id, attempt=claim.attempts, error=f"{type(exc).__name__}: {exc}")
    return _email_record(event_id=event_id, attempt=claim.attempts, error=None)


@transaction.atomic(durable=True)
def _email_claim(*, event_id: int) -> OutboxEvent | None:
    """Fan out once if not yet done and claim the next e-mail attempt; None when there is nothing to send now."""
    event = OutboxEvent.objects.select_for_update(of=("self",)).filter(pk=event_id).first()
    if event is None or event.status != OutboxEvent.Status.PENDING:
        return None
    now = timezone.now()
    if event.email_claimed_at is not None and event.email_claimed_at > now - EMAIL_LEASE:
        return None  # another worker is sending it right now
    if event.fanned_out_at is None and event.organization_id is None:
        # Addressed to staff: e-mail only.
        event.fanned_out_at = now
    if event.fanned_out_at is None:
        notification_create(organization_id=event.organization_id, type=event.type, data=event.data, event=event)
        for delivery_id in webhook_deliveries_create(event=event, now=now):
            transaction.on_commit(partial(webhook_delivery_schedule, delivery_id))
        event.fanned_out_at = now
    event.attempts += 1
    event.email_claimed_at = now
    event.save(update_fields=["attempts", "fanned_out_at", "email_claimed_at"])
    return event


@transaction.atomic(durable=True)
def _email_record(*, event_id: int, attempt: int, error: str | None) -> OutboxEvent | None:
    """Record the outcome of e-mail attempt `attempt`, unless a later claim has taken the event over."""
    event = OutboxEvent.objects.select_for_update(of=("self",)).filter(pk=event_id).first()
    if event is None or event.status != OutboxEvent.Status.PENDING or event.attempts != attempt:
        return event
    now = timezone.now()
    event.email_claimed_at = None
    if error is None:
        event.status = OutboxEvent.Status.DISPATCHED
        event.dispatched_at = now
        event.next_attempt_at = None
        event.last_error = ""
    else:
        event.last_error = error[:1000]
        if event.attempts > len(EMAIL_RETRY_DELAYS):
            event.status = OutboxEvent.Status.FAILED
            event.next_attempt_at = None
            logger.error("Giving up e-mail for outbox event %s: %s", event.pk, event.last_error)
        else:
            event.next_attempt_at = now + EMAIL_RETRY_DELAYS[event.attempts - 1]
            logger.warning("E-mail for outbox event %s failed, retry at %s", event.pk, event.next_attempt_at)
    event.save(update_fields=["status", "dispatched_at", "next_attempt_at", "email_claimed_at", "last_error"])
    return event
