"""Webhook deliveries: signed POSTs, retried with backoff over about a day, one log row per attempt."""

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial

import urllib3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import DomainError
from orders.notifications.models import OutboxEvent, WebhookDelivery, WebhookEndpoint
from orders.notifications.netguard import UnresolvableHost, UnsafeUrl, webhook_post
from orders.notifications.robots import ROBOT_FORMATS, robot_refusal, robot_request
from orders.notifications.signing import webhook_signature_header

logger = logging.getLogger(__name__)

# Delay before attempt n+1 after attempt n fails (the Standard Webhooks reference schedule): 8 attempts, ~28 h.
RETRY_DELAYS = [
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT_SECONDS = 10.0
MAX_RETRY_AFTER = timedelta(hours=24)
# Retries due sooner than this are queued with a countdown; later ones wait for the periodic retry task.
COUNTDOWN_LIMIT = timedelta(minutes=1)
HTTP_GONE = 410
HTTP_TOO_MANY_REQUESTS = 429
ERROR_LENGTH = 500


class DeliveryNotRetryable(DomainError):
    code = "delivery_not_retryable"


@dataclass(frozen=True)
class AttemptOutcome:
    status_code: int | None = None
    error: str = ""
    retry_after: timedelta | None = None
    retryable: bool = True

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error  # noqa: PLR2004


def webhook_payload(*, event: OutboxEvent) -> dict:
    """The Standard Webhooks body: {"type", "timestamp", "data"}."""
    timestamp = event.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return {"type": event.type, "timestamp": timestamp, "data": event.data}


def webhook_deliveries_create(*, event: OutboxEvent, now: datetime) -> list[int]:
    """First attempts for the organisation's active endpoints subscribed to the event's type."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(organization_id=event.organization_id, is_active=True)
        if event.type in endpoint.events
    ]
    if not endpoints:
        return []
    payload = webhook_payload(event=event)
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                event=event,
                message_id=f"msg_{event.pk}",
                event_type=event.type,
                payload=payload,
                attempt=1,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
    )
    return [row.pk for row in rows]


def webhook_delivery_schedule(delivery_id: int, countdown: float | None = None) -> None:
    """Queue a send; if the broker is down the periodic retry task finds the due row later."""
    from orders.notifications.tasks import webhook_delivery_send as send_task  # noqa: PLC0415 - tasks import us

    try:
        send_task.apply_async((delivery_id,), countdown=countdown)
    except Exception:
        logger.warning("Broker unavailable; webhook delivery %s left for the retry task", delivery_id)


def _retry_after(value: str | None, now: datetime) -> timedelta | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            delay = parsedate_to_datetime(value) - now
        except (TypeError, ValueError, IndexError):
            return None
    return min(max(delay, timedelta(seconds=1)), MAX_RETRY_AFTER)


def _jittered(delay: timedelta) -> timedelta:
    """±10 %, so endpoints that failed together are not retried in lockstep."""
    return delay * (0.9 + secrets.randbelow(2001) / 10000)


def _request(*, delivery: WebhookDelivery, endpoint: WebhookEndpoint, now: datetime) -> tuple[str, bytes, dict]:
    """URL, body and headers of one attempt in the endpoint's format."""
    from orders.notifications.services.webhooks import webhook_signing_secrets  # noqa: PLC0415 - import cycle

    headers = {"Content-Type": "application/json", "User-Agent": "YandianBearingExchange-Webhooks/1.0"}
    if endpoint.format in ROBOT_FORMATS:
        payload = delivery.payload
        url, body = robot_request(
            fmt=endpoint.format,
            url=endpoint.url,
            secret=endpoint.secret,
            event_type=delivery.event_type,
            data=payload.get("data") or {},
            language=endpoint.language or "zh-hans",
            now_ms=int(now.timestamp() * 1000),
        )
        return url, body, headers
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = int(now.timestamp())
    headers |= {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhook_signature_header(
            secrets_in_use=webhook_signing_secrets(endpoint=endpoint),
            message_id=delivery.message_id,
            timestamp=timestamp,
            body=body,
        ),
    }
    return endpoint.url, body, headers


def _attempt(*, delivery: WebhookDelivery, endpoint: WebhookEndpoint, now: datetime) -> AttemptOutcome:
    url, body, headers = _request(delivery=delivery, endpoint=endpoint, now=now)
    try:
        response = webhook_post(url=url, body=body, headers=headers, timeout=TIMEOUT_SECONDS)
    except UnresolvableHost as exc:
        return AttemptOutcome(error=str(exc))  # DNS may come back: retried like a network error
    except UnsafeUrl as exc:
        return AttemptOutcome(error=str(exc), retryable=False)
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return AttemptOutcome(error=f"{type(exc).__name__}: {exc}")
    retry_after = None
    if response.status == HTTP_TOO_MANY_REQUESTS:
        retry_after = _retry_after(response.headers.get("retry-after"), now)
    error = "" if 200 <= response.status < 300 else f"HTTP {response.status}"  # noqa: PLR2004
    if not error and endpoint.format in ROBOT_FORMATS:
        # Robots answer 200 with an error code when they refuse (bad signature, rate limit, keyword).
        refusal = robot_refusal(response.body)
        if refusal:
            return AttemptOutcome(status_code=response.status, error=refusal, retryable=True)
    return AttemptOutcome(status_code=response.status, error=error, retry_after=retry_after)


@transaction.atomic(durable=True)
def webhook_delivery_send(*, delivery_id: int) -> WebhookDelivery | None:
    """Make a due attempt once (the row stays locked while sending) and record its outcome."""
    from orders.notifications.services.webhooks import webhook_endpoint_disable  # noqa: PLC0415 - import cycle

    delivery = (
        WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("endpoint")
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return None
    now = timezone.now()
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
        return delivery
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        outcome = AttemptOutcome(error=_("Endpoint disabled."), retryable=False)
    else:
        outcome = _attempt(delivery=delivery, endpoint=endpoint, now=now)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)

    delivery.attempted_at = now
    delivery.response_status_code = outcome.status_code
    delivery.error = outcome.error[:ERROR_LENGTH]
    delivery.next_attempt_at = None
    if outcome.delivered:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        if endpoint.consecutive_failures:
            endpoint.consecutive_failures = 0
            endpoint.save(update_fields=["consecutive_failures"])
        delivery.save()
        return delivery

    delivery.status = WebhookDelivery.Status.FAILED
    if endpoint.is_active and outcome.status_code is not None:
        endpoint.consecutive_failures += 1
        endpoint.save(update_fields=["consecutive_failures"])
    if outcome.status_code == HTTP_GONE:
        delivery.save()
        webhook_endpoint_disable(endpoint=endpoint, reason=_("The endpoint answered 410 Gone."))
    elif not outcome.retryable or not endpoint.is_active:
        delivery.save()
    elif delivery.attempt >= MAX_ATTEMPTS:
        delivery.save()
        webhook_endpoint_disable(
            endpoint=endpoint,
            reason=_("%(count)d delivery attempts failed; last error: %(error)s")
            % {"count": delivery.attempt, "error": outcome.error},
        )
    else:
        delay = outcome.retry_after or _jittered(RETRY_DELAYS[delivery.attempt - 1])
        delivery.next_attempt_at = now + delay
        delivery.save()
        retry = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event_id=delivery.event_id,
            message_id=delivery.message_id,
            event_type=delivery.event_type,
            payload=delivery.payload,
            attempt=delivery.attempt + 1,
            next_attempt_at=delivery.next_attempt_at,
        )
        if delay < COUNTDOWN_LIMIT:
            transaction.on_commit(partial(webhook_delivery_schedule, retry.pk, delay.total_seconds()))
    return delivery


@transaction.atomic(durable=True)
def webhook_delivery_retry(*, delivery_id: int) -> WebhookDelivery:
    """Send a message again now (admin action): the pending attempt is made due, or a new attempt is added."""
    delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery_id)
    latest = (
        WebhookDelivery.objects.select_for_update()
        .filter(endpoint_id=delivery.endpoint_id, event_id=delivery.event_id)
        .order_by("-attempt")
        .first()
    )
    if latest.status == WebhookDelivery.Status.DELIVERED:
        raise DeliveryNotRetryable(_("This message was already delivered."))
    if not delivery.endpoint.is_active:
        raise DeliveryNotRetryable(_("The endpoint is disabled; enable it first."))
    now = timezone.now()
    if latest.status == WebhookDelivery.Status.PENDING:
        latest.next_attempt_at = now
        latest.save(update_fields=["next_attempt_at"])
    else:
        latest = WebhookDelivery.objects.create(
            endpoint_id=delivery.endpoint_id,
            event_id=delivery.event_id,
            message_id=delivery.message_id,
            event_type=delivery.event_type,
            payload=delivery.payload,
            attempt=latest.attempt + 1,
            next_attempt_at=now,
        )
    transaction.on_commit(partial(webhook_delivery_schedule, latest.pk))
    return latest
