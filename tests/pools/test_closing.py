"""Closing a pool: the settling rule on constructed cases, the orders it places, its notifications."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.pools.models import Commitment, Pool, PoolEvent
from marketplace.pools.services import pool_close, pools_close_due
from marketplace.pools.tasks import pool_close as pool_close_task
from marketplace.pools.tasks import pools_close_due as pools_close_due_task
from orders.models import Order, OrderEvent
from orders.notifications.models import OutboxEvent
from orders.settlement.models import LedgerEntry, Settlement
from tests.factories import OrganizationFactory
from tests.pools.conftest import POOLS
from tests.pools.factories import commitment_make, past, pool_make

pytestmark = pytest.mark.django_db


def closed(pool: Pool) -> Pool:
    return Pool.objects.get(pk=pool.pk)


def test_a_pool_reaching_a_tier_closes_with_one_order_per_buyer_at_the_final_price() -> None:
    pool = pool_make(closes_at=past())
    a = commitment_make(pool, 150)
    b = commitment_make(pool, 90, "9.00")

    assert pool_close(pool_id=pool.pk) is not None

    pool = closed(pool)
    assert pool.status == "closed"
    assert pool.final_unit_price == Decimal("9.00")
    assert pool.final_quantity == 240
    assert pool.closed_at is not None
    orders = {o.buyer_id: o for o in Order.objects.filter(pool_id=pool.pk).prefetch_related("lines")}
    assert set(orders) == {a.buyer_id, b.buyer_id}
    for commitment in (a, b):
        order = orders[commitment.buyer_id]
        assert (order.status, order.supplier_id, order.delivery_city) == ("placed", pool.owner_id, "Linqing")
        [line] = order.lines.all()
        assert line.listing_id is None
        assert (line.quantity, line.unit_price) == (commitment.quantity, Decimal("9.00"))
        assert line.description.startswith(f"Pooled purchase #{pool.pk}")
        assert (line.brand, line.designation) == ("SKF", "6205-2RS")
        commitment.refresh_from_db()
        assert (commitment.status, commitment.order_id) == ("ordered", order.pk)
    assert sum(o.total for o in orders.values()) == pool.final_unit_price * pool.final_quantity
    assert OrderEvent.objects.filter(order__pool_id=pool.pk, to_status="placed", actor_label="system").count() == 2
    event = PoolEvent.objects.get(pool=pool, to_status="closed")
    assert (event.from_status, event.actor_label) == ("open", "system")


def test_priced_out_buyers_cascade_and_get_no_order() -> None:
    # 550 → 8.00: c (7.50) out → 400 → 9.00: b (8.50) out → 250 → 9.00, stable.
    pool = pool_make(closes_at=past())
    a = commitment_make(pool, 250)
    b = commitment_make(pool, 150, "8.50")
    c = commitment_make(pool, 150, "7.50")

    pool_close(pool_id=pool.pk)

    pool = closed(pool)
    assert (pool.status, pool.final_unit_price, pool.final_quantity) == ("closed", Decimal("9.00"), 250)
    assert list(Order.objects.filter(pool_id=pool.pk).values_list("buyer_id", "total")) == [
        (a.buyer_id, Decimal("2250.00"))
    ]
    statuses = dict(Commitment.objects.filter(pool=pool).values_list("buyer_id", "status"))
    assert statuses == {a.buyer_id: "ordered", b.buyer_id: "priced_out", c.buyer_id: "priced_out"}


def test_every_buyer_pays_the_same_price_never_above_its_maximum() -> None:
    pool = pool_make(closes_at=past())
    maxima = [None, "10.00", "9.00", "8.00", "8.00", "7.99"]
    for index, maximum in enumerate(maxima):
        commitment_make(pool, 100 + index, maximum)

    pool_close(pool_id=pool.pk)

    pool = closed(pool)
    prices = set()
    for commitment in Commitment.objects.filter(pool=pool, status="ordered").select_related("order"):
        [line] = commitment.order.lines.all()
        prices.add(line.unit_price)
        assert commitment.max_unit_price is None or line.unit_price <= commitment.max_unit_price
    assert prices == {pool.final_unit_price} == {Decimal("8.00")}


def test_a_cascade_below_the_first_tier_fails_the_pool() -> None:
    pool = pool_make(closes_at=past())
    commitment_make(pool, 110, "9.50")
    commitment_make(pool, 100, "8.00")

    pool_close(pool_id=pool.pk)

    pool = closed(pool)
    assert pool.status == "failed"
    assert pool.final_unit_price is None
    assert not Order.objects.filter(pool_id=pool.pk).exists()
    assert PoolEvent.objects.filter(pool=pool, from_status="open", to_status="failed").count() == 1


def test_a_pool_below_the_first_tier_fails_and_tells_owner_and_participants() -> None:
    pool = pool_make(closes_at=past())
    a = commitment_make(pool, 40)
    withdrawn = commitment_make(pool, 30)
    Commitment.objects.filter(pk=withdrawn.pk).update(status="withdrawn")

    pool_close(pool_id=pool.pk)

    assert closed(pool).status == "failed"
    told = set(OutboxEvent.objects.filter(type="pool.failed").values_list("organization_id", flat=True))
    assert told == {pool.owner_id, a.buyer_id}


def test_closed_is_told_to_owner_and_each_participant_with_its_own_order() -> None:
    pool = pool_make(closes_at=past())
    kept = commitment_make(pool, 250)
    out = commitment_make(pool, 10, "5.00")

    pool_close(pool_id=pool.pk)

    by_org = {e.organization_id: e.data for e in OutboxEvent.objects.filter(type="pool.closed")}
    assert set(by_org) == {pool.owner_id, kept.buyer_id, out.buyer_id}
    order = Order.objects.get(pool_id=pool.pk)
    assert (by_org[kept.buyer_id]["included"], by_org[kept.buyer_id]["order"]) == (True, order.pk)
    assert (by_org[out.buyer_id]["included"], by_org[out.buyer_id]["order"]) == (False, None)
    assert by_org[pool.owner_id]["orders"] == 1
    assert by_org[pool.owner_id]["final_unit_price"] == "9.00"
    assert OutboxEvent.objects.filter(type="order.placed", data__id=order.pk).count() == 2


def test_closing_twice_closes_once() -> None:
    pool = pool_make(closes_at=past())
    commitment_make(pool, 150)

    assert pool_close(pool_id=pool.pk) is not None
    assert pool_close(pool_id=pool.pk) is None
    assert pool_close_task.delay(pool.pk).get() is False

    assert Order.objects.filter(pool_id=pool.pk).count() == 1
    assert PoolEvent.objects.filter(pool=pool, to_status="closed").count() == 1
    assert OutboxEvent.objects.filter(type="pool.closed").count() == 2


def test_a_pool_not_yet_due_is_left_open() -> None:
    pool = pool_make(closes_at=timezone.now() + timedelta(seconds=30))
    commitment_make(pool, 150)
    assert pool_close(pool_id=pool.pk) is None
    assert closed(pool).status == "open"
    assert pool_close(pool_id=999999) is None


def test_the_sweep_closes_every_due_pool_and_leaves_the_rest() -> None:
    due = [pool_make(closes_at=past(10)) for _ in range(3)]
    for pool in due:
        commitment_make(pool, 120)
    later = pool_make()

    assert pools_close_due_task.delay().get() == 3
    assert pools_close_due() == 0
    assert {closed(p).status for p in due} == {"closed"}
    assert closed(later).status == "open"


def test_the_sweep_queues_the_closing_task_of_pools_coming_near(settings: object) -> None:
    settings.MARKETPLACE_POOL_CLOSE_ETA_HORIZON_SECONDS = 60
    near = pool_make(closes_at=timezone.now() + timedelta(seconds=30))
    far = pool_make(closes_at=timezone.now() + timedelta(hours=2))

    pools_close_due()

    assert closed(near).close_scheduled_at is not None
    assert closed(far).close_scheduled_at is None


def test_opening_a_pool_near_its_close_queues_its_task_at_once(
    supplier_client: APIClient, django_capture_on_commit_callbacks: Callable
) -> None:
    from tests.pools.conftest import pool_body

    soon = (timezone.now() + timedelta(seconds=5)).isoformat()
    with django_capture_on_commit_callbacks() as callbacks:
        near = supplier_client.post(POOLS, pool_body(closes_at=soon), format="json").json()
    with django_capture_on_commit_callbacks() as far_callbacks:
        far = supplier_client.post(POOLS, pool_body(), format="json").json()

    assert Pool.objects.get(pk=near["id"]).close_scheduled_at is not None
    assert Pool.objects.get(pk=far["id"]).close_scheduled_at is None
    assert len(callbacks) == 1
    assert far_callbacks == []


def test_a_steel_pool_order_line_names_grade_form_and_size() -> None:
    pool = pool_make(
        closes_at=past(),
        kind="steel",
        brand=None,
        designation="",
        steel_grade="GCr15",
        steel_form="bar",
        size_mm=Decimal("60.00"),
        unit="kg",
        tiers=((5000, "7.20"), (20000, "6.90")),
        min_commitment=500,
    )
    commitment_make(pool, 6000)
    pool_close(pool_id=pool.pk)
    [line] = Order.objects.get(pool_id=pool.pk).lines.all()
    assert (line.brand, line.designation) == ("", "GCr15 bar 60.00")
    assert (line.quantity, line.unit_price) == (6000, Decimal("7.20"))
    assert "GCr15 Bar 60.00 mm" in line.description
    assert "per kilogram" in line.description


def test_pool_orders_show_their_pool_and_follow_the_normal_life_to_settlement(
    make_client: Callable[..., APIClient], django_capture_on_commit_callbacks: Callable
) -> None:
    pool = pool_make(closes_at=past())
    buyer = OrganizationFactory(kind="buyer", status="verified")
    commitment_make(pool, 150, buyer=buyer)
    pool_close(pool_id=pool.pk)
    order = Order.objects.get(pool_id=pool.pk)
    buyer_client, supplier_client = make_client(buyer), make_client(pool.owner)

    body = buyer_client.get(f"/api/v1/orders/{order.pk}/").json()
    assert (body["pool"], body["status"], body["total"]) == (pool.pk, "placed", "1500.00")
    assert body["lines"][0]["listing"] is None
    assert body["lines"][0]["description"].startswith("Pooled purchase")
    assert supplier_client.post(f"/api/v1/orders/{order.pk}/confirm/").status_code == 200
    ship = supplier_client.post(f"/api/v1/orders/{order.pk}/ship/", {"tracking_number": "SF1"}, format="json")
    assert ship.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert buyer_client.post(f"/api/v1/orders/{order.pk}/deliver/").status_code == 200

    order.refresh_from_db()
    assert order.status == "settled"
    settlement = Settlement.objects.get(order=order)
    assert settlement.gross_amount == Decimal("1500.00")
    entries = list(LedgerEntry.objects.filter(transaction__order=order))
    assert entries
    assert sum(e.debit for e in entries) == sum(e.credit for e in entries)


def test_orders_not_from_a_pool_show_pool_null(buyer_client: APIClient) -> None:
    from tests.orders.factories import listing_with

    listing = listing_with(5)
    response = buyer_client.post("/api/v1/orders/", {"lines": [{"listing": listing.pk, "quantity": 1}]}, format="json")
    assert response.status_code == 201
    assert response.json()["pool"] is None
    assert response.json()["lines"][0]["description"] == ""


def test_a_closed_pool_shows_its_final_price_and_each_buyer_its_order(make_client: Callable[..., APIClient]) -> None:
    pool = pool_make(closes_at=past())
    kept = commitment_make(pool, 250)
    out = commitment_make(pool, 10, "5.00")
    pool_close(pool_id=pool.pk)
    order = Order.objects.get(pool_id=pool.pk)

    owner_view = make_client(pool.owner).get(f"{POOLS}{pool.pk}/").json()
    kept_view = make_client(kept.buyer).get(f"{POOLS}{pool.pk}/").json()
    out_view = make_client(out.buyer).get(f"{POOLS}{pool.pk}/").json()

    assert (owner_view["status"], owner_view["final_unit_price"], owner_view["final_quantity"]) == (
        "closed",
        "9.00",
        250,
    )
    assert [(c["buyer"], c["status"], c["order"]) for c in owner_view["commitments"]] == [
        (kept.buyer_id, "ordered", order.pk),
        (out.buyer_id, "priced_out", None),
    ]
    assert (kept_view["my_commitment"]["status"], kept_view["my_commitment"]["order"]) == ("ordered", order.pk)
    assert (out_view["my_commitment"]["status"], out_view["my_commitment"]["order"]) == ("priced_out", None)
    assert out_view["commitments"] is None
