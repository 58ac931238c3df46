"""Reads for notifications and webhooks, scoped to the caller's organisation."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from marketplace.core.limits import ID_MAX
from marketplace.organizations.models import Organization
from orders.notifications.models import Notification, OutboxEvent, WebhookDelivery, WebhookEndpoint


def notifications_for(*, organization: Organization, unread: bool | None = None) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(organization=organization)
    if unread is not None:
        queryset = queryset.filter(read_at__isnull=unread)
    return queryset.order_by("-created_at", "-pk")


def _object_or_404(queryset: QuerySet, pk: int) -> object:
    if not 0 < pk <= ID_MAX:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def notification_get(*, organization: Organization, notification_id: int) -> Notification:
    """The organisation's notification, or 404 (another organisation's is not revealed)."""
    return _object_or_404(Notification.objects.filter(organization=organization), notification_id)


def webhook_endpoints_for(*, organization: Organization) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organization=organization).order_by("-created_at", "-pk")


def webhook_endpoint_get(*, organization: Organization, endpoint_id: int) -> WebhookEndpoint:
    return _object_or_404(WebhookEndpoint.objects.filter(organization=organization), endpoint_id)


def webhook_deliveries_for(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")


def outbox_events_pending(*, created_before: datetime, limit: int, lease: timedelta) -> list[int]:
    """Pending events a lost task missed and whose retry time has come, skipping rows being dispatched
    and e-mail attempts claimed less than `lease` ago (an older claim was lost with its worker)."""
    now = timezone.now()
    with transaction.atomic():
        return list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxEvent.Status.PENDING, created_at__lt=created_before)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lte=now - lease))
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )


def webhook_deliveries_due(*, limit: int, grace: timedelta = timedelta(seconds=5)) -> list[int]:
    """Pending attempts that are due (fresh first attempts get a moment for their own task)."""
    cutoff = timezone.now() - grace
    with transaction.atomic():
        return list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=cutoff)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
