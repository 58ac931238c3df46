from celery import shared_task

from marketplace.custom.services import custom_requests_close_expired as close_expired


@shared_task(name="marketplace.custom.tasks.custom_requests_close_expired")
def custom_requests_close_expired() -> int:
    """Close open custom requests whose deadline has passed; returns how many were closed."""
    return close_expired()
