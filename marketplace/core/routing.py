"""Read replicas: which reads may be served by a PostgreSQL streaming standby.

Nothing goes to a replica by default. Only code inside `replica_reads()` (the lag-tolerant
reads: listing search, matching candidates, insights figures) may read from one, and even
then the primary answers when the organisation wrote within `MARKETPLACE_REPLICA_PIN_SECONDS`
(read-your-writes), when a transaction is open on the primary, or when no replica is healthy
(down, or more than `MARKETPLACE_REPLICA_MAX_LAG_SECONDS` behind). Writes and migrations
always go to the primary.
"""

import functools
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

# True only inside replica_reads() for an organisation that is not pinned to the primary.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
# The replica alias chosen for the current replica_reads() block (one per block, so a page and
# its count come from the same standby).
_replica_alias: ContextVar[str | None] = ContextVar("replica_alias", default=None)

# The standby has replayed all it received and still streams: not behind. Otherwise its lag is
# the age of the last transaction it replayed (which also grows on an idle primary, hence the
# first test).
LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                 AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
            THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
       END
"""


@dataclass(frozen=True)
class ReplicaHealth:
    alias: str
    ok: bool
    lag_seconds: float | None
    checked_at: float


_health: dict[str, ReplicaHealth] = {}
_health_lock = threading.Lock()
_round_robin = itertools.count()


def replica_aliases() -> list[str]:
    return list(settings.MARKETPLACE_REPLICA_ALIASES)


def _pin_key(organization_id: int) -> str:
    return f"replica-pin:{organization_id}"


def organization_wrote(organization_id: int | None) -> None:
    """Keep this organisation's reads on the primary for MARKETPLACE_REPLICA_PIN_SECONDS."""
    if organization_id is None or not replica_aliases():
        return
    pin = settings.MARKETPLACE_REPLICA_PIN_SECONDS
    if pin > 0:
        cache.set(_pin_key(organization_id), time.time(), timeout=max(1, int(pin + 1)))


def organization_pinned(organization_id: int | None) -> bool:
    """True when the organisation wrote recently enough that a replica might not show it yet."""
    if organization_id is None:
        return False
    wrote_at = cache.get(_pin_key(organization_id))
    return wrote_at is not None and time.time() - wrote_at < settings.MARKETPLACE_REPLICA_PIN_SECONDS


def _is_the_primary(alias: str) -> bool:
    """A replica alias that points at the primary's own database (a test mirror) is no replica."""
    keys = ("HOST", "PORT", "NAME")
    ours, primary = connections[alias].settings_dict, connections[DEFAULT_DB_ALIAS].settings_dict
    return all(str(ours.get(k) or "") == str(primary.get(k) or "") for k in keys)


def replica_health_check(alias: str) -> ReplicaHealth:
    """Ask the standby whether it is up and how far behind it is (not cached)."""
    now = time.monotonic()
    if _is_the_primary(alias):
        return ReplicaHealth(alias=alias, ok=False, lag_seconds=None, checked_at=now)
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("replica %s is unreachable: %s", alias, error)
        connections[alias].close()
        return ReplicaHealth(alias=alias, ok=False, lag_seconds=None, checked_at=now)
    lag_seconds = round(float(lag), 3)
    # A standby that was promoted is no longer a copy of the primary.
    ok = bool(in_recovery) and lag_seconds <= settings.MARKETPLACE_REPLICA_MAX_LAG_SECONDS
    return ReplicaHealth(alias=alias, ok=ok, lag_seconds=lag_seconds, checked_at=now)


def replica_health(alias: str, *, fresh: bool = False) -> ReplicaHealth:
    """The replica's health, remembered for MARKETPLACE_REPLICA_CHECK_SECONDS."""
    known = _health.get(alias)
    if not fresh and known and time.monotonic() - known.checked_at < settings.MARKETPLACE_REPLICA_CHECK_SECONDS:
        return known
    health = replica_health_check(alias)
    with _health_lock:
        _health[alias] = health
    return health


def replica_mark_down(alias: str) -> None:
    """Remember a replica as down (a query on it just failed) until its next check."""
    with _health_lock:
        _health[alias] = ReplicaHealth(alias=alias, ok=False, lag_seconds=None, checked_at=time.monotonic())
    connections[alias].close()


def replicas_forget() -> None:
    """Forget every remembered health check (tests, and a reconfigured process)."""
    with _health_lock:
        _health.clear()


def replica_choose() -> str | None:
    """A healthy replica, in turn; None when there is none."""
    healthy = [alias for alias in replica_aliases() if replica_health(alias).ok]
    if not healthy:
        return None
    return healthy[next(_round_robin) % len(healthy)]


def replicas_report() -> list[dict[str, Any]]:
    """Each replica's state for /healthz."""
    report = []
    for alias in replica_aliases():
        health = replica_health(alias, fresh=True)
        report.append({"alias": alias, "ok": health.ok, "lag_seconds": health.lag_seconds})
    return report


@contextmanager
def _replica_block(organization_id: int | None) -> Iterator[None]:
    allowed = bool(replica_aliases()) and not organization_pinned(organization_id)
    allowed_token = _replica_allowed.set(allowed)
    alias_token = _replica_alias.set(None)
    try:
        yield
    finally:
        _replica_alias.reset(alias_token)
        _replica_allowed.reset(allowed_token)


class replica_reads:
    """Allow the reads in this block (or function) to be served by a replica.

    `with replica_reads(organization_id=org.pk): ...` or `@replica_reads()` on a function. As a
    decorator, a call whose replica fails mid-way (it stopped) is run once more on the primary:
    only read-only code belongs inside.
    """

    def __init__(self, *, organization_id: int | None = None) -> None:
        self.organization_id = organization_id
        self._block: Any = None

    def __enter__(self) -> None:
        self._block = _replica_block(self.organization_id)
        self._block.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._block.__exit__(*exc)

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return replica_call(func, *args, organization_id=self.organization_id, **kwargs)

        return wrapper  # type: ignore[return-value]


def replica_call(func: Callable[..., Any], *args: Any, organization_id: int | None, **kwargs: Any) -> Any:
    """Run a read-only callable with replica reads allowed, on the primary again if the replica fails."""
    with _replica_block(organization_id):
        try:
            return func(*args, **kwargs)
        except (OperationalError, InterfaceError):
            alias = _replica_alias.get()
            if alias is None:
                raise
            logger.warning("replica %s failed during a read; reading from the primary", alias)
            replica_mark_down(alias)
    return func(*args, **kwargs)


def replica_view(method: F) -> F:
    """Decorate a read-only API view method: its reads may come from a replica unless the
    caller's organisation wrote recently."""

    @functools.wraps(method)
    def wrapper(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        organization_id = getattr(request.user, "organization_id", None)
        return replica_call(method, view, request, *args, organization_id=organization_id, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    """Reads go to a replica only inside replica_reads(); everything else to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if not _replica_allowed.get():
            return None
        # Inside a transaction on the primary, a read must see that transaction's writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        alias = _replica_alias.get()
        if alias is None or not replica_health(alias).ok:
            alias = replica_choose()
            if alias is None:
                return None
            _replica_alias.set(alias)
        return alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
