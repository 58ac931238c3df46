"""Periodic work of the insights app: scorecards and the stale-stock reminder (thin, idempotent)."""

from celery import shared_task

from marketplace.insights.prices.services import price_index_recompute_recent
from marketplace.insights.scorecards.services import scorecards_recompute, scorecards_refresh_changed
from marketplace.insights.stock import listings_stale_remind


@shared_task(name="marketplace.insights.tasks.scorecards_recompute_all")
def scorecards_recompute_all() -> int:
    """Every supplier's scorecard over the rolling window (the window moves even when nothing happens)."""
    return scorecards_recompute()


@shared_task(name="marketplace.insights.tasks.scorecards_refresh")
def scorecards_refresh() -> int:
    """The scorecards of suppliers whose orders, quotes, declines or invitations moved since the last run."""
    return scorecards_refresh_changed()


@shared_task(name="marketplace.insights.tasks.listings_stale_remind")
def listings_stale_reminders() -> int:
    """Tell each supplier with stale listings how many (weekly)."""
    return listings_stale_remind()


@shared_task(name="marketplace.insights.tasks.price_index_nightly")
def price_index_nightly() -> int:
    """Store the price index of the previous days (China time) from their settled trades."""
    return price_index_recompute_recent()
