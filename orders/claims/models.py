import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.organizations.models import Organization
from orders.claims.choices import ENDED_STATUSES, OPEN_STATUSES, ClaimKind, ClaimStatus
from orders.models import Order, OrderLine

MONEY = {"max_digits": 14, "decimal_places": 2}


class Claim(models.Model):
    """A buyer's claim against a delivered order; while it is not ended it holds the order's payout."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="claims", verbose_name=_("order"))
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)
    kind = models.CharField(_("kind"), max_length=16, choices=ClaimKind.choices)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    requested_amount = models.DecimalField(_("requested amount"), **MONEY)
    offered_amount = models.DecimalField(_("offered amount"), null=True, blank=True, **MONEY)
    # Null until the claim ends with a refund (an accepted request or offer, or a staff resolution).
    refund_amount = models.DecimalField(_("refund amount"), null=True, blank=True, **MONEY)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("filed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    respond_by = models.DateTimeField(_("respond by"))
    resolved_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        indexes = [
            models.Index(fields=["status", "respond_by"], name="claim_status_respond_by_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            models.CheckConstraint(condition=Q(requested_amount__gt=0), name="claim_requested_gt_0"),
            models.CheckConstraint(
                condition=Q(refund_amount__isnull=True) | Q(refund_amount__gte=0), name="claim_refund_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(offered_amount__isnull=True) | Q(offered_amount__gt=0), name="claim_offer_gt_0"
            ),
            # resolved_at marks the end: the escrow's release looks only at it.
            models.CheckConstraint(
                condition=(Q(status__in=sorted(ENDED_STATUSES)) & Q(resolved_at__isnull=False))
                | (Q(status__in=sorted(OPEN_STATUSES)) & Q(resolved_at__isnull=True)),
                name="claim_resolved_at_iff_ended",
            ),
            # One claim per order that has not ended: racing filings meet this index.
            models.UniqueConstraint(
                fields=["order"], condition=Q(status__in=sorted(OPEN_STATUSES)), name="claim_one_open_per_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk} on order {self.order_id}"

    @property
    def is_ended(self) -> bool:
        return self.status not in OPEN_STATUSES


class ClaimLine(models.Model):
    """An order line the claim concerns, and how many of its units."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("claim"))
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="claim_lines", verbose_name=_("order line")
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["claim_id", "pk"]
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="claimline_quantity_gte_1"),
            models.UniqueConstraint(fields=["claim", "order_line"], name="claimline_one_per_order_line"),
        ]

    def __str__(self) -> str:
        return f"{self.order_line_id} × {self.quantity}"


class ClaimEvent(models.Model):
    """Audit trail: every status change of a claim, who made it and why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events", verbose_name=_("claim"))
    at = models.DateTimeField(_("changed at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    actor_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor's organisation"),
    )
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True, help_text="'system' for tasks")
    from_status = models.CharField(_("from status"), max_length=16, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=ClaimStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_status or '-'} → {self.to_status}"


def evidence_upload_to(instance: "ClaimEvidence", filename: str) -> str:
    """A random name under a private directory; the client's name is kept only in the row."""
    return f"claim-evidence/{instance.claim_id}/{uuid.uuid4().hex}"


class ClaimEvidence(models.Model):
    """A photo or document a party attaches to a claim (stored under MEDIA_ROOT, never served statically)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim"))
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=64)
    note = models.CharField(_("note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "pk"]
        verbose_name = _("claim evidence")
        verbose_name_plural = _("claim evidence")

    def __str__(self) -> str:
        return self.filename
