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
    POOL_COMMITTED = "pool.committed", "pool.committed"
    POOL_TIER_REACHED = "pool.tier_reached", "pool.tier_reached"
    POOL_CLOSED = "pool.closed", "pool.closed"
    POOL_FAILED = "pool.failed", "pool.failed"
    CUSTOM_REQUEST_MATCHED = "custom_request.matched", "custom_request.matched"
    CUSTOM_QUOTE_SUBMITTED = "custom_quote.submitted", "custom_quote.submitted"
    CUSTOM_REQUEST_AWARDED = "custom_request.awarded", "custom_request.awarded"
    CLAIM_OPENED = "claim.opened", "claim.opened"
    CLAIM_UPDATED = "claim.updated", "claim.updated"
    CLAIM_RESOLVED = "claim.resolved", "claim.resolved"
    PAYOUT_RELEASED = "payout.released", "payout.released"


# In-app only: not a contract event, so webhooks cannot subscribe to it.
WEBHOOK_DISABLED = "webhook.disabled"
# E-mail to the market's staff only (an upheld counterfeit claim: review the supplier's brand authorisations).
CLAIM_COUNTERFEIT_UPHELD = "claim.counterfeit_upheld"
