"""Finding imports whose worker was lost, so the beat sweep can hand them to a live one."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from catalog.models import ListingImport


def listing_imports_stalled(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Ids of imports running without a heartbeat, or queued and never started, for longer than the stale limit."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.MARKETPLACE_IMPORT_STALE_SECONDS)
    stalled = Q(status=ListingImport.Status.RUNNING) & (Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))
    lost = Q(status=ListingImport.Status.QUEUED, created_at__lt=cutoff)
    return list(ListingImport.objects.filter(stalled | lost).order_by("pk").values_list("pk", flat=True)[:limit])
