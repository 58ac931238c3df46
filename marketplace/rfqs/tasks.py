from celery import shared_task

from marketplace.rfqs.services import rfqs_close_expired as close_expired


@shared_task(name="marketplace.rfqs.tasks.rfqs_close_expired")
def rfqs_close_expired() -> int:
    """Close open RFQs whose deadline has passed; returns how many were closed."""
    return close_expired()
