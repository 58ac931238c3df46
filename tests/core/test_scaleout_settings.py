"""Scale-out settings read from the environment (each case in a fresh interpreter)."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "aliases": s.MARKETPLACE_REPLICA_ALIASES,
    "databases": {k: {"port": v.get("PORT"), "ssc": v.get("DISABLE_SERVER_SIDE_CURSORS", False),
                      "mirror": v.get("TEST", {}).get("MIRROR")} for k, v in s.DATABASES.items()},
    "broker": s.CELERY_BROKER_URL, "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "queues": {q.name: (q.queue_arguments or {}).get("x-queue-type") for q in s.CELERY_TASK_QUEUES},
    "exchange_type": s.CELERY_TASK_DEFAULT_EXCHANGE_TYPE, "lag": s.MARKETPLACE_REPLICA_MAX_LAG_SECONDS,
    "pin": s.MARKETPLACE_REPLICA_PIN_SECONDS,
}))
"""


def settings_with(**env: str) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "DATABASE_REPLICA_URLS"}}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", PRINT],
        env={**base, "DJANGO_SETTINGS_MODULE": "marketplace.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_replica_urls_become_aliases_mirrored_in_tests_with_default_limits() -> None:
    found = settings_with(
        DATABASE_URL="postgres://u@db:5432/x",
        DATABASE_REPLICA_URLS="postgres://u@r1:5433/x, postgres://u@r2:5434/x",
    )
    assert found["aliases"] == ["replica_0", "replica_1"]
    assert found["databases"]["replica_1"] == {"port": 5434, "ssc": False, "mirror": "default"}
    assert (found["lag"], found["pin"]) == (10, 5)


def test_pgbouncer_pooler_disables_server_side_cursors() -> None:
    found = settings_with(
        DATABASE_URL="postgres://u@pgbouncer:6432/x",
        DATABASE_POOLER="pgbouncer",
        DATABASE_REPLICA_URLS="postgres://u@r1:5433/x",
    )
    assert found["databases"]["default"]["ssc"] is True
    assert found["databases"]["replica_0"]["ssc"] is True


def test_amqp_broker_overrides_redis_with_quorum_queues_on_topic_exchanges() -> None:
    found = settings_with(REDIS_URL="redis://127.0.0.1:6379/3", CELERY_BROKER_URL="amqp://g:g@mq:5672/yd")
    assert found["broker"] == "amqp://g:g@mq:5672/yd"
    assert found["eager"] is False
    assert found["queues"] == {"celery": "quorum", "notifications": "quorum"}
    assert found["exchange_type"] == "topic"


def test_redis_broker_keeps_classic_queues() -> None:
    found = settings_with(REDIS_URL="redis://127.0.0.1:6379/3")
    assert found["broker"] == "redis://127.0.0.1:6379/3"
    assert found["queues"] == {"celery": None, "notifications": None}
    assert found["exchange_type"] == "direct"
