"""The pools' admin (commitments inline and read-only, the close action) and the dashboard's closing-soon list."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.backoffice.dashboard import dashboard_figures
from marketplace.pools.models import Pool
from tests.factories import UserFactory
from tests.pools.factories import commitment_make, past, pool_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    return client


def test_pool_change_page_shows_tiers_commitments_and_events_read_only(admin_client: Client) -> None:
    pool = pool_make()
    commitment = commitment_make(pool, 150, "9.50")

    page = admin_client.get(f"/admin/pools/pool/{pool.pk}/change/").content.decode()

    assert commitment.buyer.name in page
    assert "9.50" in page
    assert 'name="commitments-0-max_unit_price"' not in page
    assert 'name="tiers-0-unit_price"' not in page
    assert "Pool events" in page or "pool events" in page.lower()


def test_pool_and_commitment_changelists_render(admin_client: Client) -> None:
    commitment_make(pool_make(), 120)
    assert admin_client.get("/admin/pools/pool/").status_code == 200
    assert admin_client.get("/admin/pools/commitment/").status_code == 200


def test_admin_action_closes_only_due_pools(admin_client: Client) -> None:
    due = pool_make(closes_at=past())
    commitment_make(due, 150)
    later = pool_make()

    response = admin_client.post(
        "/admin/pools/pool/", {"action": "close_if_due", "_selected_action": [due.pk, later.pk]}, follow=True
    )

    assert "1 pool(s) closed." in response.content.decode()
    assert Pool.objects.get(pk=due.pk).status == "closed"
    assert Pool.objects.get(pk=later.pk).status == "open"


def test_dashboard_lists_open_pools_closing_within_a_day_soonest_first(admin_client: Client) -> None:
    now = timezone.now()
    second = pool_make(title="Second", closes_at=now + timedelta(hours=5))
    first = pool_make(title="First", closes_at=now + timedelta(hours=1))
    pool_make(title="Far", closes_at=now + timedelta(days=3))
    pool_make(title="Settled", closes_at=now + timedelta(hours=2), status="failed")

    assert [p.pk for p in dashboard_figures().pools_closing_soon] == [first.pk, second.pk]
    page = admin_client.get("/admin/").content.decode()
    assert 'id="pools-closing-soon"' in page
    assert f"/admin/pools/pool/{first.pk}/change/" in page
    assert "Far" not in page


def test_dashboard_says_when_no_pool_closes_soon(admin_client: Client) -> None:
    assert 'id="pools-closing-soon-none"' in admin_client.get("/admin/").content.decode()
