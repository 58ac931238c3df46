"""RFQ and quote statuses, and the one table of allowed RFQ status changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RfqStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


class QuoteStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    LOST = "lost", _("Lost")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MatchKind(models.TextChoices):
    EXACT = "exact", _("Exact")
    EQUIVALENT = "equivalent", _("Equivalent")
    DIMENSIONAL = "dimensional", _("Dimensional")


# An RFQ that passed its deadline without an award is closed, and can still be awarded.
RFQ_TRANSITIONS: dict[str, set[str]] = {
    RfqStatus.OPEN: {RfqStatus.CLOSED, RfqStatus.AWARDED, RfqStatus.CANCELLED},
    RfqStatus.CLOSED: {RfqStatus.AWARDED},
    RfqStatus.AWARDED: set(),
    RfqStatus.CANCELLED: set(),
}
