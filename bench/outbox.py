"""Outbox dispatch throughput with real Celery workers: N pending events fanned out.

Creates a fresh database (default yd_bench_workers) with N pending outbox events spread
over 50 organisations (one user each, so every event also renders and sends an e-mail
through the locmem backend), starts W workers, queues outbox_dispatch tasks of 100 events
(as the sweep does) and waits until nothing is pending. Prints events/s
and checks one notification per event.

    .venv/bin/python bench/outbox.py --events 10000 --workers 2 --concurrency 2
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from settlement import bench_env, django_setup, fresh_database, start_workers, stop_workers


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--database", default="yd_bench_workers")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--timeout", type=float, default=600.0)
    return parser.parse_args()


def seed_events(count: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.organizations.models import Organization, User
    from orders.notifications.models import OutboxEvent

    orgs = [
        Organization.objects.create(
            name=f"Bench org {i}", kind="supplier", status="verified", credit_code=f"BO{i:016d}", city="Linqing"
        )
        for i in range(50)
    ]
    User.objects.bulk_create(
        [
            User(
                username=f"bench{i}", email=f"bench{i}@example.com", organization=org, language=("en", "zh-hans")[i % 2]
            )
            for i, org in enumerate(orgs)
        ]
    )
    events = OutboxEvent.objects.bulk_create(
        [
            OutboxEvent(
                type="order.placed",
                organization=orgs[n % 50],
                data={"id": n, "number": f"YD-BENCH-{n:07d}", "status": "placed"},
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(created_at=timezone.now() - timedelta(minutes=1))


def main() -> None:
    args = parse_args()
    env = bench_env(args)
    fresh_database(args, env)
    django_setup(env)
    from orders.notifications.models import Notification, OutboxEvent
    from orders.notifications.tasks import DISPATCH_BATCH, outbox_dispatch

    seed_events(args.events)
    processes = start_workers(args, env, Path(tempfile.gettempdir()), queues="notifications")
    try:
        started = time.perf_counter()
        # What outbox_sweep does, for every pending event at once: outbox_dispatch tasks of 100 ids.
        event_ids = list(OutboxEvent.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(event_ids), DISPATCH_BATCH):
            outbox_dispatch.delay(event_ids[start : start + DISPATCH_BATCH])
        pending = args.events
        while pending and time.perf_counter() - started < args.timeout:
            time.sleep(0.25)
            pending = OutboxEvent.objects.filter(status="pending").count()
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(processes)
    done = args.events - pending
    print(f"events={args.events} workers={args.workers}x{args.concurrency} (notification + 1 e-mail each)")
    print(f"dispatched {done} in {elapsed:.2f}s = {done / elapsed:.0f} events/s")
    print(f"notifications: {Notification.objects.count()} (one per event: {Notification.objects.count() == done})")


if __name__ == "__main__":
    main()
