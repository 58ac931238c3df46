from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimStatus(models.TextChoices):
    OPEN = "open", _("Open")
    OFFERED = "offered", _("Offered")
    REJECTED = "rejected", _("Rejected")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClaimKind(models.TextChoices):
    QUALITY = "quality", _("Quality")
    QUANTITY_SHORT = "quantity_short", _("Quantity short")
    WRONG_ITEM = "wrong_item", _("Wrong item")
    COUNTERFEIT = "counterfeit", _("Counterfeit")
    DAMAGED = "damaged", _("Damaged")


class RespondAction(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    OFFER = "offer", _("Offer")


# The claim state machine. `resolved` and `withdrawn` end a claim; every other status is open
# (not ended) and holds the order's payout.
CLAIM_TRANSITIONS: dict[str, set[str]] = {
    ClaimStatus.OPEN: {
        ClaimStatus.OFFERED,
        ClaimStatus.REJECTED,
        ClaimStatus.RESOLVED,
        ClaimStatus.ESCALATED,
        ClaimStatus.WITHDRAWN,
    },
    ClaimStatus.OFFERED: {ClaimStatus.RESOLVED, ClaimStatus.ESCALATED, ClaimStatus.WITHDRAWN},
    ClaimStatus.REJECTED: {ClaimStatus.ESCALATED, ClaimStatus.WITHDRAWN},
    ClaimStatus.ESCALATED: {ClaimStatus.RESOLVED, ClaimStatus.WITHDRAWN},
    ClaimStatus.RESOLVED: set(),
    ClaimStatus.WITHDRAWN: set(),
}
ENDED_STATUSES: frozenset[str] = frozenset({ClaimStatus.RESOLVED, ClaimStatus.WITHDRAWN})
OPEN_STATUSES: frozenset[str] = frozenset(set(ClaimStatus.values) - ENDED_STATUSES)
