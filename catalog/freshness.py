"""Stock freshness: how long ago a supplier last stated a listing's stock, as `fresh`/`aging`/`stale`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StockStatus(models.TextChoices):
    FRESH = "fresh", _("Fresh")
    AGING = "aging", _("Aging")
    STALE = "stale", _("Stale")


def fresh_since(now: datetime | None = None) -> datetime:
    """Stock confirmed at or after this instant is fresh."""
    return (now or timezone.now()) - timedelta(days=settings.MARKETPLACE_STOCK_FRESH_DAYS)


def stale_before(now: datetime | None = None) -> datetime:
    """Stock confirmed before this instant is stale (it never covers an RFQ line's quantity)."""
    return (now or timezone.now()) - timedelta(days=settings.MARKETPLACE_STOCK_STALE_DAYS)


def stock_status(confirmed_at: datetime | None, now: datetime | None = None) -> str:
    """`fresh` within MARKETPLACE_STOCK_FRESH_DAYS, `aging` within MARKETPLACE_STOCK_STALE_DAYS, else `stale`."""
    now = now or timezone.now()
    if confirmed_at is None or confirmed_at < stale_before(now):
        return StockStatus.STALE
    if confirmed_at < fresh_since(now):
        return StockStatus.AGING
    return StockStatus.FRESH
