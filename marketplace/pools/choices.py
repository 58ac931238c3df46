"""Pool and commitment statuses, item kinds and units, and the tables of allowed status changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PoolStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FAILED = "failed", _("Failed")


class PoolItemKind(models.TextChoices):
    BEARING = "bearing", _("Bearing")
    STEEL = "steel", _("Bearing steel")


class PoolUnit(models.TextChoices):
    PIECE = "piece", _("Piece")
    KG = "kg", _("Kilogram")


class CommitmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ORDERED = "ordered", _("Ordered")
    PRICED_OUT = "priced_out", _("Priced out")


# A pool is settled once, at its closing time: closed (orders placed) or failed (first tier missed).
POOL_TRANSITIONS: dict[str, set[str]] = {
    PoolStatus.OPEN: {PoolStatus.CLOSED, PoolStatus.FAILED},
    PoolStatus.CLOSED: set(),
    PoolStatus.FAILED: set(),
}

# A buyer may withdraw and commit again while the pool is open; the close decides the rest.
COMMITMENT_TRANSITIONS: dict[str, set[str]] = {
    CommitmentStatus.ACTIVE: {CommitmentStatus.WITHDRAWN, CommitmentStatus.ORDERED, CommitmentStatus.PRICED_OUT},
    CommitmentStatus.WITHDRAWN: {CommitmentStatus.ACTIVE},
    CommitmentStatus.ORDERED: set(),
    CommitmentStatus.PRICED_OUT: set(),
}

MAX_TIERS = 20
MAX_QUANTITY = 2_147_483_647
