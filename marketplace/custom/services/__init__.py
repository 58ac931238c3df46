"""Custom request use cases: capabilities, requests, drawings under NDA, quotes, awards."""

from marketplace.custom.services.awards import custom_request_award
from marketplace.custom.services.capabilities import capability_set
from marketplace.custom.services.drawings import drawing_open, drawing_upload, nda_accept
from marketplace.custom.services.quotes import custom_quote_submit
from marketplace.custom.services.requests import (
    custom_request_cancel,
    custom_request_close_expired,
    custom_request_create,
    custom_request_status_set,
    custom_requests_close_expired,
)

__all__ = [
    "capability_set",
    "custom_quote_submit",
    "custom_request_award",
    "custom_request_cancel",
    "custom_request_close_expired",
    "custom_request_create",
    "custom_request_status_set",
    "custom_requests_close_expired",
    "drawing_open",
    "drawing_upload",
    "nda_accept",
]
