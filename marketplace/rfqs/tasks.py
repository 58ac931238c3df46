from celery import shared_task


@shared_task(name="marketplace.rfqs.tasks.rfqs_close_expired")
def rfqs_close_expired() -> None:
    """Close open RFQs whose deadline has passed."""
