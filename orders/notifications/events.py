"""The event names of the contract, which webhooks may subscribe to."""

from django.db import models


class EventType(models.TextChoices):
    RFQ_MATCHED = "rfq.matched", "rfq.matched"
    QUOTE_SUBMITTED = "quote.submitted", "quote.submitted"
    RFQ_AWARDED = "rfq.awarded", "rfq.awarded"
    ORDER_PLACED = "order.placed", "order.placed"
    ORDER_CONFIRMED = "order.confirmed", "order.confirmed"
    ORDER_SHIPPED = "order.shipped", "order.shipped"
    ORDER_DELIVERED = "order.delivered", "order.delivered"
    ORDER_CANCELLED = "order.cancelled", "order.cancelled"
    ORDER_SETTLED = "order.settled", "order.settled"
    # To a supplier whose listings' stock has not been confirmed for MARKETPLACE_STOCK_STALE_DAYS (weekly).
    LISTINGS_STALE = "listings.stale", "listings.stale"


# In-app only: not a contract event, so webhooks cannot subscribe to it.
WEBHOOK_DISABLED = "webhook.disabled"
