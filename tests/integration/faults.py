"""Fault injection for worker tests, installed only through `tests.integration.worker_settings`.

TEST_SETTLEMENT_DELAY_SECONDS holds every settlement, and every payout release, open (its rows locked)
for that long before it writes anything, widening the window in which a test can kill the worker or
race a second one.
"""

import os
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.apps import AppConfig

DELAY_ENV = "TEST_SETTLEMENT_DELAY_SECONDS"


def _delayed(compute: Callable[..., Any], delay: float) -> Callable[..., Any]:
    @wraps(compute)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        time.sleep(delay)
        return compute(*args, **kwargs)

    return wrapper


class FaultsConfig(AppConfig):
    name = "tests.integration.faults"
    label = "test_faults"

    def ready(self) -> None:
        delay = float(os.environ.get(DELAY_ENV, "0") or 0)
        if delay > 0:
            from orders.settlement import escrow, services  # after the apps are loaded

            # Both settlement paths compute the amounts once the order rows are locked and before any write.
            services.settlement_amounts = _delayed(services.settlement_amounts, delay)
            # A release builds its ledger lines once the order and settlement are locked, before any write.
            escrow._release_lines = _delayed(escrow._release_lines, delay)
