"""Scorecards from constructed histories: the contract's definitions, storage, the API and refreshes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.insights.models import Scorecard
from marketplace.insights.scorecards.services import scorecards_recompute, scorecards_refresh_changed
from marketplace.organizations.models import Organization
from orders.claims.models import Claim, ClaimEvent
from tests.factories import OrganizationFactory
from tests.insights.factories import claim, days_ago, invitation, order
from tests.rfqs.factories import ListingFactory

pytestmark = pytest.mark.django_db


def url(org_id: int) -> str:
    return f"/api/v1/organizations/{org_id}/scorecard/"


@pytest.fixture
def history(supplier):
    """10 completed orders (8 shipped within the 5-day lead time, 2 late; one claim refunded, three others
    not), 3 cancelled by the supplier
    (2 rejected, 1 left unconfirmed), 1 by the buyer; 4 invitations: 2 answered in time after 2 h and
    10 h, 1 after the deadline, 1 never; plus an order and an invitation older than the window."""
    listing = ListingFactory(supplier=supplier, lead_time_days=5)
    completed = []
    for n in range(10):
        confirmed = days_ago(60 + n)
        completed.append(order(
            supplier,
            listing=listing,
            created=confirmed - timedelta(hours=3),
            confirmed=confirmed,
            shipped=confirmed + timedelta(days=3 if n < 8 else 9),
            delivered=confirmed + timedelta(days=12),
        ))  # fmt: skip
    claim(completed[0], refund="5.00")  # ended with a refund: counts
    claim(completed[1], status="withdrawn")  # no refund
    claim(completed[2], refund="0.00")  # resolved without money: not a refund
    claim(completed[3], status="open")  # not ended
    for by in ("supplier", "supplier", "system", "buyer"):
        order(supplier, listing=listing, status="cancelled", created=days_ago(30), cancelled_by=by)
    old = days_ago(200)
    order(supplier, listing=listing, created=old, confirmed=old, shipped=old + timedelta(days=9), delivered=old)
    start = days_ago(20)
    deadline = start + timedelta(days=2)
    invitation(supplier, invited=start, deadline=deadline, quoted=start + timedelta(hours=2))
    invitation(supplier, invited=start, deadline=deadline, declined=start + timedelta(hours=10))
    invitation(supplier, invited=start, deadline=deadline, quoted=deadline + timedelta(hours=1))
    invitation(supplier, invited=start, deadline=deadline)
    invitation(supplier, invited=days_ago(200), deadline=days_ago(198))
    return supplier


def test_scorecard_of_constructed_history(buyer_client, history) -> None:
    scorecards_recompute()
    body = buyer_client.get(url(history.pk)).json()
    assert body["organization"] == history.pk
    assert body["window_days"] == 180
    assert body["orders_completed"] == 10
    assert body["on_time_rate"] == "0.8000"  # 8 of 10 shipped
    assert body["fill_rate"] == "0.7857"  # 11 of 14 placed not cancelled by the supplier
    assert body["quote_response_rate"] == "0.5000"  # 2 of 4 answered before the deadline
    assert body["median_quote_response_hours"] == "6.00"  # median of 2 h and 10 h
    assert body["claim_rate"] == "0.1000"  # 1 refunded claim of 10 completed orders
    # 24.00 + 19.64 + 18.00 + 7.50 + 9.71 = 78.85; (10 × 78.85 + 700) / 20 = 74.425
    assert body["score"] == "74.43"
    assert body["standing"] == "good"
    assert [c["name"] for c in body["components"]] == [
        "on_time_rate",
        "fill_rate",
        "claim_rate",
        "quote_response_rate",
        "median_quote_response_hours",
    ]
    assert {c["name"]: (c["value"], c["weight"], c["points"]) for c in body["components"]}["fill_rate"] == (
        "0.7857",
        "25",
        "19.64",
    )
    assert body["computed_at"]


def test_recompute_writes_the_score_to_the_organisation(history) -> None:
    scorecards_recompute()
    org = Organization.objects.get(pk=history.pk)
    assert (org.score, org.standing) == (Decimal("74.43"), "good")
    assert org.score_computed_at is not None


def test_supplier_without_history_scores_70_new(buyer_client, supplier) -> None:
    body = buyer_client.get(url(supplier.pk)).json()  # before any run: computed on the spot
    assert (body["score"], body["standing"], body["orders_completed"]) == ("70.00", "new", 0)
    assert body["on_time_rate"] is None
    assert body["median_quote_response_hours"] is None


def test_shipped_exactly_at_promised_lead_time_is_on_time(supplier) -> None:
    listing = ListingFactory(supplier=supplier, lead_time_days=4)
    confirmed = days_ago(30)
    order(supplier, listing=listing, created=confirmed, confirmed=confirmed, shipped=confirmed + timedelta(days=4))
    order(
        supplier,
        listing=listing,
        created=confirmed,
        confirmed=confirmed,
        shipped=confirmed + timedelta(days=4, seconds=1),
    )
    scorecards_recompute()
    assert Scorecard.objects.get(pk=supplier.pk).on_time_rate == Decimal("0.5000")


def test_stock_order_has_two_days_to_ship(supplier) -> None:
    listing = ListingFactory(supplier=supplier, lead_time_days=0)
    confirmed = days_ago(30)
    for hours in (47, 49):
        order(
            supplier,
            listing=listing,
            created=confirmed,
            confirmed=confirmed,
            shipped=confirmed + timedelta(hours=hours),
        )
    scorecards_recompute()
    assert Scorecard.objects.get(pk=supplier.pk).on_time_rate == Decimal("0.5000")


def test_many_completed_orders_reach_excellent(supplier) -> None:
    listing = ListingFactory(supplier=supplier, lead_time_days=5)
    for n in range(40):
        confirmed = days_ago(10 + n)
        order(
            supplier,
            listing=listing,
            created=confirmed,
            confirmed=confirmed,
            shipped=confirmed + timedelta(days=1),
            delivered=confirmed + timedelta(days=3),
            status="settled",
        )
    scorecards_recompute()
    card = Scorecard.objects.get(pk=supplier.pk)
    # on time, fill and claims perfect (75), no invitations (prior 0.7 × 25 = 17.5): raw 92.5
    assert card.score == Decimal("88.00")  # (40 × 92.5 + 700) / 50
    assert card.standing == "excellent"


def test_standing_change_is_recorded(supplier) -> None:
    scorecards_recompute()
    assert Scorecard.objects.get(pk=supplier.pk).standing == "new"
    listing = ListingFactory(supplier=supplier, lead_time_days=1)
    for n in range(6):
        confirmed = days_ago(10 + n)
        order(
            supplier,
            listing=listing,
            created=confirmed,
            confirmed=confirmed,
            shipped=confirmed + timedelta(days=20),
            delivered=confirmed + timedelta(days=25),
        )
    for _ in range(10):
        order(supplier, listing=listing, status="cancelled", created=days_ago(5), cancelled_by="supplier")
    scorecards_recompute()
    card = Scorecard.objects.get(pk=supplier.pk)
    # on time 0, fill 6/16 → 9.38, claims 20, no invitations 10.5 + 7: raw 46.88; (6 × 46.88 + 700) / 16
    assert card.score == Decimal("61.33")
    assert (card.previous_standing, card.standing) == ("new", "fair")
    assert card.standing_changed_at is not None


def test_refresh_recomputes_only_suppliers_with_new_events(supplier) -> None:
    other = OrganizationFactory(kind="supplier")
    scorecards_recompute()
    assert scorecards_refresh_changed() == 0  # first call sets the watermarks
    listing = ListingFactory(supplier=supplier)
    for _ in range(5):
        order(supplier, listing=listing, status="cancelled", created=days_ago(1), cancelled_by="supplier")
    assert scorecards_refresh_changed() == 1
    assert Scorecard.objects.get(pk=supplier.pk).fill_rate == Decimal("0.0000")
    assert Scorecard.objects.get(pk=other.pk).fill_rate is None


def test_recompute_is_set_based(django_assert_max_num_queries) -> None:
    for _ in range(25):
        supplier = OrganizationFactory(kind="supplier")
        order(supplier, created=days_ago(3), confirmed=days_ago(3), shipped=days_ago(2), delivered=days_ago(1))
    # suppliers, 2 aggregates, stored cards, upsert, organisation update (+ savepoints): not per supplier
    with django_assert_max_num_queries(10):
        assert scorecards_recompute() >= 25


def test_buyer_id_is_404(buyer_client, buyer) -> None:
    assert buyer_client.get(url(buyer.pk)).status_code == 404
    assert buyer_client.get(url(10**12)).status_code == 404


def test_unauthenticated_is_401(api_client, supplier) -> None:
    assert api_client.get(url(supplier.pk)).status_code == 401


def test_member_of_pending_organisation_is_403(make_client, supplier) -> None:
    pending = make_client(OrganizationFactory(kind="buyer", status="pending"))
    assert pending.get(url(supplier.pk)).status_code == 403


def test_supplier_reads_another_suppliers_scorecard(make_client, supplier) -> None:
    other = make_client(OrganizationFactory(kind="supplier"))
    assert other.get(url(supplier.pk)).status_code == 200


def test_window_edge(supplier) -> None:
    now = timezone.now()
    listing = ListingFactory(supplier=supplier)
    inside, outside = now - timedelta(days=179), now - timedelta(days=181)
    order(supplier, listing=listing, created=inside, confirmed=inside, shipped=inside, delivered=inside)
    order(supplier, listing=listing, created=outside, confirmed=outside, shipped=outside, delivered=outside)
    scorecards_recompute(now=now)
    assert Scorecard.objects.get(pk=supplier.pk).orders_completed == 1


def test_portable_counts_equal_the_sql_counts(history) -> None:
    from marketplace.insights.scorecards import portable, queries

    now = timezone.now()
    since = now - timedelta(days=180)
    other = OrganizationFactory(kind="supplier")
    order(other, status="cancelled", created=days_ago(3), cancelled_by="buyer")
    order(other, created=days_ago(9), confirmed=days_ago(9), shipped=days_ago(1), delivered=days_ago(0.5))
    invitation(other, invited=days_ago(9), deadline=days_ago(8), declined=days_ago(8.5))
    invitation(other, invited=days_ago(1), deadline=now + timedelta(days=1))  # not yet due: not counted
    invitation(other, invited=days_ago(9), deadline=days_ago(8), status="cancelled")  # cancelled unanswered
    assert portable.order_counts(since=since) == queries.order_counts(since=since)
    assert portable.claim_refund_counts(since=since) == queries.claim_refund_counts(since=since) == {history.pk: 1}
    sql = queries.invitation_counts(since=since, now=now)
    assert sql[other.pk].invitations == 1
    for supplier_id, counts in portable.invitation_counts(since=since, now=now).items():
        expected = sql[supplier_id]
        assert counts[:3] == expected[:3]
        assert round(counts.median_response_hours or 0, 6) == round(expected.median_response_hours or 0, 6)
    assert portable.order_counts(since=since, supplier_ids=[other.pk]) == queries.order_counts(
        since=since, supplier_ids=[other.pk]
    )


def test_refunded_claim_moves_the_score_at_the_next_refresh(supplier) -> None:
    listing = ListingFactory(supplier=supplier)
    made = order(supplier, listing=listing, created=days_ago(9), confirmed=days_ago(9), shipped=days_ago(8),
                 delivered=days_ago(7))  # fmt: skip
    scorecards_recompute()
    scorecards_refresh_changed()  # sets the watermarks
    filed = claim(made, status="open")
    ClaimEvent.objects.create(claim=filed, from_status="", to_status="open")
    Claim.objects.filter(pk=filed.pk).update(
        status="resolved", refund_amount=Decimal("5.00"), resolved_at=timezone.now()
    )
    ClaimEvent.objects.create(claim=filed, from_status="open", to_status="resolved")
    assert scorecards_refresh_changed() == 1
    assert Scorecard.objects.get(pk=supplier.pk).claim_rate == Decimal("1.0000")


def test_claim_rate_is_capped_at_one(supplier) -> None:
    made = order(supplier, created=days_ago(9), confirmed=days_ago(9), shipped=days_ago(8), delivered=days_ago(7))
    claim(made, refund="1.00")
    claim(made, refund="2.00")
    scorecards_recompute()
    assert Scorecard.objects.get(pk=supplier.pk).claim_rate == Decimal("1.0000")
