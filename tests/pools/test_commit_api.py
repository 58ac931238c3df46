"""Committing, replacing and withdrawing through the API, and the notifications they send."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.pools.models import Commitment, Pool
from orders.notifications.models import OutboxEvent
from tests.factories import OrganizationFactory
from tests.pools.conftest import commit_url, withdraw_url
from tests.pools.factories import commitment_make, pool_make

pytestmark = pytest.mark.django_db


def commit(client: APIClient, pool: Pool, quantity: int, key: str | None = None, **fields: Any) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(commit_url(pool.pk), {"quantity": quantity, **fields}, format="json", **headers)


def events(event_type: str) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(type=event_type).order_by("pk"))


def test_a_verified_buyer_commits_and_sees_the_pool_view(buyer_client: APIClient) -> None:
    pool = pool_make()
    response = commit(buyer_client, pool, 120, max_unit_price="9.50")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["total_committed"], body["participants"]) == (120, 1)
    assert body["current_tier"] == {"min_total_quantity": 100, "unit_price": "10.00"}
    assert body["quantity_to_next_tier"] == 80
    assert body["my_commitment"]["quantity"] == 120
    assert body["my_commitment"]["max_unit_price"] == "9.50"
    commitment = Commitment.objects.get(pool=pool)
    assert commitment.committed_by == buyer_client.user


def test_posting_again_replaces_the_commitment(buyer_client: APIClient) -> None:
    pool = pool_make()
    commitment_make(pool, 50)
    commit(buyer_client, pool, 120, max_unit_price="9.50")

    body = commit(buyer_client, pool, 40).json()

    assert (body["total_committed"], body["participants"]) == (90, 2)
    assert body["my_commitment"]["quantity"] == 40
    assert body["my_commitment"]["max_unit_price"] is None
    assert Commitment.objects.filter(pool=pool, buyer=buyer_client.user.organization).count() == 1


def test_withdrawing_takes_the_quantity_out_and_a_repeat_is_harmless(buyer_client: APIClient) -> None:
    pool = pool_make()
    commitment_make(pool, 50)
    commit(buyer_client, pool, 120)

    first = buyer_client.post(withdraw_url(pool.pk))
    again = buyer_client.post(withdraw_url(pool.pk))

    assert (first.status_code, again.status_code) == (200, 200)
    assert (again.json()["total_committed"], again.json()["participants"]) == (50, 1)
    assert again.json()["my_commitment"]["status"] == "withdrawn"


def test_a_withdrawn_buyer_may_commit_again(buyer_client: APIClient) -> None:
    pool = pool_make()
    commit(buyer_client, pool, 120)
    buyer_client.post(withdraw_url(pool.pk))

    body = commit(buyer_client, pool, 30).json()

    assert body["my_commitment"]["status"] == "active"
    assert (body["total_committed"], body["participants"]) == (30, 1)


def test_a_commitment_below_the_minimum_is_400(buyer_client: APIClient) -> None:
    pool = pool_make(min_commitment=10)
    response = commit(buyer_client, pool, 9)

    assert response.status_code == 400
    assert "quantity" in response.json()["errors"]
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"quantity": 0},
        {"quantity": -3},
        {"quantity": "many"},
        {"quantity": 12.5},
        {},
        {"quantity": 20, "max_unit_price": "0"},
        {"quantity": 20, "max_unit_price": "-1"},
        {"quantity": 20, "max_unit_price": "1.234"},
        {"quantity": 2**31},
    ],
)
def test_malformed_commitments_are_400(buyer_client: APIClient, body: dict[str, Any]) -> None:
    pool = pool_make()
    response = buyer_client.post(commit_url(pool.pk), body, format="json")
    assert response.status_code == 400, response.content
    assert not Commitment.objects.exists()


def test_a_commitment_after_closes_at_is_409_even_before_the_close_ran(buyer_client: APIClient) -> None:
    pool = pool_make(closes_at=timezone.now() - timedelta(seconds=1))
    response = commit(buyer_client, pool, 20)

    assert response.status_code == 409
    assert response.json()["code"] == "pool_closed"
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("status", ["closed", "failed"])
def test_commit_and_withdraw_on_a_settled_pool_are_409(buyer_client: APIClient, status: str) -> None:
    pool = pool_make(status=status, closes_at=timezone.now() - timedelta(minutes=5))
    assert commit(buyer_client, pool, 20).status_code == 409
    assert buyer_client.post(withdraw_url(pool.pk)).json()["code"] == "pool_closed"


def test_a_commitment_beyond_the_cap_is_409_pool_full(buyer_client: APIClient) -> None:
    pool = pool_make(max_total_quantity=300)
    commitment_make(pool, 250)

    response = commit(buyer_client, pool, 60)

    assert response.status_code == 409
    assert response.json()["code"] == "pool_full"
    assert response.json()["errors"]["quantity"]
    assert commit(buyer_client, pool, 50).status_code == 200
    assert Pool.objects.get(pk=pool.pk).total_committed == 300


def test_replacing_counts_only_the_difference_against_the_cap(buyer_client: APIClient) -> None:
    pool = pool_make(max_total_quantity=300)
    commitment_make(pool, 100)
    assert commit(buyer_client, pool, 200).status_code == 200
    assert commit(buyer_client, pool, 190).status_code == 200
    assert commit(buyer_client, pool, 201).json()["code"] == "pool_full"


def test_a_supplier_committing_is_403(supplier_client: APIClient) -> None:
    pool = pool_make()
    assert commit(supplier_client, pool, 20).status_code == 403
    assert supplier_client.post(withdraw_url(pool.pk)).status_code == 403


def test_a_pending_buyer_committing_is_403(make_client: Callable[..., APIClient]) -> None:
    pool = pool_make()
    client = make_client(OrganizationFactory(kind="buyer", status="pending"))
    assert commit(client, pool, 20).status_code == 403
    assert client.post(withdraw_url(pool.pk)).status_code == 403
    assert not Commitment.objects.exists()


def test_withdrawing_leaves_other_buyers_and_the_owner_untouched(buyer_client: APIClient) -> None:
    pool = pool_make()
    other = commitment_make(pool, 70, "9.00")
    commit(buyer_client, pool, 50)
    buyer_client.post(withdraw_url(pool.pk))
    other.refresh_from_db()
    assert (other.status, other.quantity) == ("active", 70)


def test_commit_to_an_unknown_pool_is_404(buyer_client: APIClient) -> None:
    assert buyer_client.post(commit_url(999999), {"quantity": 20}, format="json").status_code == 404


def test_idempotency_key_on_commit_replays_the_first_answer(buyer_client: APIClient) -> None:
    pool = pool_make()
    first = commit(buyer_client, pool, 20, key="c-1")
    commitment_make(pool, 30)
    again = commit(buyer_client, pool, 20, key="c-1")

    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert len(events("pool.committed")) == 1


def test_the_owner_hears_of_each_commitment(buyer_client: APIClient) -> None:
    pool = pool_make()
    commit(buyer_client, pool, 20)

    [event] = events("pool.committed")
    assert event.organization_id == pool.owner_id
    assert event.data["id"] == pool.pk
    assert event.data["quantity"] == 20
    assert event.data["total_committed"] == 20


def test_each_tier_is_announced_once_to_owner_and_participants(
    buyer_client: APIClient, make_client: Callable[..., APIClient]
) -> None:
    pool = pool_make()
    other = make_client(OrganizationFactory(kind="buyer", status="verified"))
    commit(other, pool, 50)
    assert events("pool.tier_reached") == []

    commit(buyer_client, pool, 60)  # 110: first tier
    buyer_client.post(withdraw_url(pool.pk))  # 50: below it again
    commit(buyer_client, pool, 160)  # 210: the first again (not announced twice) and the second

    reached = events("pool.tier_reached")
    assert sorted((e.data["tier"], e.organization_id) for e in reached) == sorted(
        [
            (1, pool.owner_id),
            (1, other.user.organization_id),
            (1, buyer_client.user.organization_id),
            (2, pool.owner_id),
            (2, other.user.organization_id),
            (2, buyer_client.user.organization_id),
        ]
    )
    assert pool.tiers.filter(reached_at__isnull=False).count() == 2


def test_one_commitment_jumping_two_tiers_announces_both(buyer_client: APIClient) -> None:
    pool = pool_make()
    commit(buyer_client, pool, 600)
    assert sorted(e.data["tier"] for e in events("pool.tier_reached") if e.organization_id == pool.owner_id) == [
        1,
        2,
        3,
    ]
