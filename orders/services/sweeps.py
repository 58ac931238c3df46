"""Periodic clean-up of orders the parties left hanging (run by orders.tasks)."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.choices import OrderStatus
from orders.models import Order
from orders.services.transitions import order_cancel_as, order_deliver_as

BATCH_SIZE = 200


def _sweep(queryset: QuerySet[Order], apply: Callable[[Order], object], batch_size: int) -> int:
    """Apply to every matching order, each in its own transaction; rows another worker holds are skipped."""
    done, last_pk = 0, 0
    while True:
        ids = list(queryset.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return done
        for pk in ids:
            with transaction.atomic(durable=True):
                # The filter is re-checked under the lock, so an order confirmed meanwhile is left alone.
                order = queryset.filter(pk=pk).select_for_update(skip_locked=True, of=("self",)).first()
                if order is not None:
                    apply(order)
                    done += 1
        last_pk = ids[-1]


def orders_cancel_unconfirmed_due(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Cancel placed orders older than MARKETPLACE_ORDER_CONFIRM_HOURS; returns how many."""
    hours = settings.MARKETPLACE_ORDER_CONFIRM_HOURS
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    note = _("Not confirmed by the supplier within %(hours)d hours.") % {"hours": hours}
    return _sweep(
        Order.objects.filter(status=OrderStatus.PLACED, created_at__lt=cutoff),
        lambda order: order_cancel_as(order=order, actor=None, actor_org=None, note=note),
        batch_size,
    )


def orders_auto_deliver_due(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Mark delivered the orders shipped more than MARKETPLACE_AUTO_DELIVER_DAYS ago; returns how many."""
    days = settings.MARKETPLACE_AUTO_DELIVER_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    note = _("Delivery assumed %(days)d days after shipping.") % {"days": days}
    return _sweep(
        Order.objects.filter(status=OrderStatus.SHIPPED, shipped_at__lt=cutoff),
        lambda order: order_deliver_as(order=order, actor=None, actor_org=None, note=note),
        batch_size,
    )
