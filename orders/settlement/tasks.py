from datetime import timedelta

from celery import Task, shared_task
from django.db import OperationalError
from django.utils import timezone

from orders.settlement.choices import PayoutStatus
from orders.settlement.escrow import payout_release as payout_release_service
from orders.settlement.escrow import payout_release_schedule
from orders.settlement.escrow import payouts_release_due as payouts_release_due_service
from orders.settlement.selectors import orders_awaiting_settlement
from orders.settlement.services import order_settle as order_settle_service
from orders.settlement.services import orders_settle_batch

SWEEP_BATCH = 500


@shared_task(
    name="orders.settlement.tasks.order_settle",
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def order_settle(order_id: int) -> int | None:
    """Settle one delivered order exactly once; returns the settlement id."""
    settlement = order_settle_service(order_id=order_id)
    return settlement.pk if settlement else None


@shared_task(name="orders.settlement.tasks.orders_settle", autoretry_for=(OperationalError,), retry_backoff=2)
def orders_settle(order_ids: list[int]) -> int:
    """Settle a batch of orders in one commit (fewer broker round trips and commits for sweeps)."""
    settlements = orders_settle_batch(order_ids=order_ids)
    payout_release_schedule([(settlement.pk, settlement.release_at) for settlement in settlements])
    return len(settlements)


@shared_task(name="orders.settlement.tasks.settlements_sweep")
def settlements_sweep(older_than_seconds: int = 60, batch_size: int = 100) -> int:
    """Queue delivered orders that no settlement task has settled (a lost task, a broker outage)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    order_ids = orders_awaiting_settlement(delivered_before=cutoff, limit=SWEEP_BATCH * 20)
    for start in range(0, len(order_ids), batch_size):
        orders_settle.delay(order_ids[start : start + batch_size])
    return len(order_ids)


@shared_task(
    bind=True,
    name="orders.settlement.tasks.payout_release",
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def payout_release(self: Task, settlement_id: int) -> str | None:
    """Release one held payout if its time has come and no claim holds it (a no-op otherwise); returns its status.

    Run before release_at (a hop of a distant release), it queues the next hop; held by an open
    claim, it stops: the claim's end queues the release again.
    """
    settlement = payout_release_service(settlement_id=settlement_id)
    if settlement is None:
        return None
    if (
        settlement.payout_status == PayoutStatus.HELD
        and timezone.now() < settlement.release_at
        and not self.request.is_eager
    ):
        payout_release_schedule([(settlement.pk, settlement.release_at)])
    return settlement.payout_status


@shared_task(name="orders.settlement.tasks.payouts_release_due")
def payouts_release_due(max_batches: int = 20) -> int:
    """The periodic sweep: release every held payout whose release time has passed (a lost or early task)."""
    released = 0
    for _batch in range(max_batches):
        ids = payouts_release_due_service()
        released += len(ids)
        if not ids:
            break
    return released
