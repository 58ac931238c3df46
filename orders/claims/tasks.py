from celery import shared_task
from django.db import OperationalError

from orders.claims.services import claims_escalate_overdue as escalate_service


@shared_task(name="orders.claims.tasks.claims_escalate_overdue", autoretry_for=(OperationalError,), retry_backoff=2)
def claims_escalate_overdue() -> int:
    """Escalate to staff every claim still open past its response deadline; returns how many."""
    return len(escalate_service())
