"""The weekly reminder to suppliers with stale listings."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from catalog.models import Listing
from marketplace.celery import app
from marketplace.insights.tasks import listings_stale_reminders
from orders.notifications.models import OutboxEvent
from tests.factories import OrganizationFactory
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def stale(listing: Listing, days: int = 20) -> None:
    Listing.objects.filter(pk=listing.pk).update(stock_confirmed_at=timezone.now() - timedelta(days=days))


def test_suppliers_with_stale_listings_are_reminded_once_a_week() -> None:
    lagging, current = OrganizationFactory(kind="supplier"), OrganizationFactory(kind="supplier")
    for listing in (ListingFactory(supplier=lagging), ListingFactory(supplier=lagging)):
        stale(listing)
    ListingFactory(supplier=lagging)  # fresh
    stale(ListingFactory(supplier=current), days=10)  # aging, not stale
    assert listings_stale_reminders.delay().get() == 1
    event = OutboxEvent.objects.get(type="listings.stale")
    assert event.organization_id == lagging.pk
    assert event.data["stale_listings"] == 2
    assert listings_stale_reminders.delay().get() == 0  # a re-run the same week sends nothing
    assert OutboxEvent.objects.filter(type="listings.stale").count() == 1


def test_inactive_or_deleted_stale_listings_are_not_counted() -> None:
    listing = ListingFactory(is_active=False)
    stale(listing)
    assert listings_stale_reminders.delay().get() == 0


def test_beat_schedule_names_registered_tasks() -> None:
    app.loader.import_default_modules()
    for name in ("scorecards-refresh", "scorecards-recompute-all", "listings-stale-remind"):
        assert settings.CELERY_BEAT_SCHEDULE[name]["task"] in app.tasks
