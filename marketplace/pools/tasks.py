from celery import shared_task

from marketplace.pools.services import pool_close as close_pool
from marketplace.pools.services import pools_close_due as close_due


@shared_task(name="marketplace.pools.tasks.pool_close")
def pool_close(pool_id: int) -> bool:
    """Close one pool at its closing time (queued with eta closes_at); a repeat does nothing."""
    return close_pool(pool_id=pool_id) is not None


@shared_task(name="marketplace.pools.tasks.pools_close_due")
def pools_close_due() -> int:
    """The sweep: close pools whose closing time passed and queue the tasks of those coming near."""
    return close_due()
