"""Pool use cases: open, commit, withdraw, close."""

from marketplace.pools.services.closing import pool_close, pool_outcome, pools_close_due
from marketplace.pools.services.commitments import PoolClosed, PoolFull, pool_commit, pool_withdraw
from marketplace.pools.services.events import pool_status_set
from marketplace.pools.services.pools import pool_close_schedule_if_near, pool_create

__all__ = [
    "PoolClosed",
    "PoolFull",
    "pool_close",
    "pool_close_schedule_if_near",
    "pool_commit",
    "pool_create",
    "pool_outcome",
    "pool_status_set",
    "pool_withdraw",
    "pools_close_due",
]
