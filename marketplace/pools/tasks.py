from celery import shared_task
from django.db import OperationalError

from marketplace.pools.services import pool_close as close_pool
from marketplace.pools.services import pools_close_due as close_due


@shared_task(
    name="marketplace.pools.tasks.pool_close",
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    retry_backoff_max=30,
    max_retries=5,
)
def pool_close(pool_id: int) -> bool:
    """Close one pool at its closing time (queued with eta closes_at); a repeat does nothing."""
    return close_pool(pool_id=pool_id) is not None


@shared_task(name="marketplace.pools.tasks.pools_close_due")
def pools_close_due() -> int:
    """The sweep: close pools whose closing time passed and queue the tasks of those coming near."""
    return close_due()
