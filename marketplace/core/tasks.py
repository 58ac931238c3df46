from celery import shared_task

from marketplace.core.idempotency import idempotency_keys_purge as purge


@shared_task(name="marketplace.core.tasks.idempotency_keys_purge")
def idempotency_keys_purge() -> int:
    return purge()
