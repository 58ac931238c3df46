"""RFQ use cases: RFQs, quotes, awards."""

from marketplace.rfqs.services.awards import QuoteExpired, QuoteNotAwardable, rfq_award
from marketplace.rfqs.services.lines import rfq_line_revise
from marketplace.rfqs.services.quotes import quote_submit, rfq_decline
from marketplace.rfqs.services.rfqs import (
    RfqClosed,
    rfq_cancel,
    rfq_close,
    rfq_close_expired,
    rfq_create,
    rfq_invitations_record,
    rfqs_close_expired,
)

__all__ = [
    "QuoteExpired",
    "QuoteNotAwardable",
    "RfqClosed",
    "quote_submit",
    "rfq_award",
    "rfq_cancel",
    "rfq_close",
    "rfq_close_expired",
    "rfq_create",
    "rfq_decline",
    "rfq_invitations_record",
    "rfq_line_revise",
    "rfqs_close_expired",
]
