"""Domain errors of claims, each with its own code and HTTP status."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from marketplace.core.exceptions import DomainError


class ClaimWindowClosed(DomainError):
    code = "claim_window_closed"
    default_detail = _("The claim window of this order has closed (its payout is due for release).")


class OrderNotClaimable(DomainError):
    code = "order_not_delivered"
    default_detail = _("Only a delivered or settled order can be claimed against.")


class ClaimAlreadyOpen(DomainError):
    code = "claim_already_open"
    default_detail = _("This order already has an open claim.")


class ClaimEnded(DomainError):
    code = "claim_ended"
    default_detail = _("This claim has ended.")


class UnsupportedEvidence(DomainError):
    code = "unsupported_file"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Evidence must be a JPEG, PNG or PDF file.")


class EvidenceTooLarge(DomainError):
    code = "file_too_large"
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The evidence file is too large.")
