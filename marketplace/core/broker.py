"""The Celery broker's queues and options for Redis or RabbitMQ (no Django imports: settings use it).

On RabbitMQ (`amqp://`) the durable task queues are quorum queues (replicated, RabbitMQ's
recommended durable type). They have no global QoS, which Celery's `worker_detect_quorum_queues`
handles, and no per-message TTL delay, so countdowns and ETAs use Celery's native delayed
delivery, which needs topic exchanges.
"""

from typing import Any

from kombu import Exchange, Queue

TASK_QUEUE_NAMES = ("celery", "notifications")
AMQP_SCHEMES = ("amqp://", "amqps://", "pyamqp://")


def broker_is_amqp(url: str) -> bool:
    return url.startswith(AMQP_SCHEMES)


def task_queues(url: str) -> tuple[Queue, ...]:
    """Every queue a plain worker consumes, declared for the broker at `url`."""
    if not broker_is_amqp(url):
        return tuple(Queue(name) for name in TASK_QUEUE_NAMES)
    return tuple(
        Queue(
            name,
            Exchange(name, type="topic"),
            routing_key=name,
            queue_arguments={"x-queue-type": "quorum"},
        )
        for name in TASK_QUEUE_NAMES
    )


def broker_transport_options(
    url: str, *, visibility_timeout: int, restore_interval: int, restore_throttle: int
) -> dict:
    if broker_is_amqp(url):
        # A publish returns once RabbitMQ has taken the message (publisher confirms).
        return {"confirm_publish": True}
    return {
        # The visibility timeout must outlast the longest task (the spreadsheet import), or
        # Redis re-delivers a task that is still running.
        "visibility_timeout": visibility_timeout,
        # How often workers look for messages of a dead worker whose visibility timeout has
        # passed (every interval × throttle seconds; kombu's defaults, 10 × 10).
        "unacked_restore_interval": restore_interval,
        "unacked_restore_throttle": restore_throttle,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }


def broker_conf(url: str, **transport: int) -> dict[str, Any]:
    """Celery settings (lower-case names) that depend on which broker `url` is."""
    amqp = broker_is_amqp(url)
    return {
        "broker_url": url,
        "task_queues": task_queues(url),
        "task_default_exchange_type": "topic" if amqp else "direct",
        "task_default_queue_type": "quorum" if amqp else "classic",
        "worker_detect_quorum_queues": True,
        "broker_transport_options": broker_transport_options(url, **transport),
    }
