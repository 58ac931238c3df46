"""RFQs, the suppliers' inbox, sealed quotes with their history, and awards."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.choices import BearingType, Clearance, Precision, Seal
from catalog.models import Listing
from marketplace.organizations.models import Organization, PartyAuditEvent
from marketplace.rfqs.choices import QuoteStatus, RfqStatus
from orders.models import Order

MONEY = {"max_digits": 14, "decimal_places": 2}
DIMENSION = {"max_digits": 9, "decimal_places": 3, "null": True, "blank": True}  # inch sizes to 0.001 mm


def default_deadline() -> datetime:
    return timezone.now() + timedelta(hours=settings.MARKETPLACE_RFQ_DEFAULT_DEADLINE_HOURS)


class Rfq(models.Model):
    """A buyer's request for quotation: lines of bearings, open to suppliers until the deadline."""

    buyer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="rfqs", verbose_name=_("buyer"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )
    title = models.CharField(_("title"), max_length=200)
    delivery_city = models.CharField(_("delivery city"), max_length=100, blank=True)
    deadline = models.DateTimeField(_("deadline"), default=default_deadline)
    status = models.CharField(_("status"), max_length=16, choices=RfqStatus.choices, default=RfqStatus.OPEN)
    show_buyer = models.BooleanField(_("show buyer to suppliers"), default=False)
    show_target_prices = models.BooleanField(_("show target prices to suppliers"), default=False)
    # Matches and invitations only from suppliers whose score is at least this (a new supplier counts as 70).
    min_supplier_score = models.DecimalField(
        _("minimum supplier score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("RFQ")
        verbose_name_plural = _("RFQs")
        indexes = [
            models.Index(fields=["buyer", "status", "created_at"], name="rfq_buyer_status_idx"),
            models.Index(fields=["deadline"], name="rfq_open_deadline_idx", condition=Q(status="open")),
        ]
        constraints = [models.CheckConstraint(condition=Q(status__in=RfqStatus.values), name="rfq_status_valid")]

    def __str__(self) -> str:
        return f"RFQ {self.pk}: {self.title}"


class RfqEvent(PartyAuditEvent):
    """Audit trail: every status change of an RFQ (its opening included), who made it and why."""

    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="events", verbose_name=_("RFQ"))
    from_status = models.CharField(_("from status"), max_length=16, choices=RfqStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=RfqStatus.choices)

    class Meta(PartyAuditEvent.Meta):
        verbose_name = _("RFQ event")
        verbose_name_plural = _("RFQ events")

    def __str__(self) -> str:
        return f"{self.rfq_id}: {self.from_status or '-'} → {self.to_status}"


class RfqLine(models.Model):
    """One bearing asked for; attribute columns hold what the line states (stated fields over parsed ones).

    An empty or null attribute means the line does not state it, so any value matches.
    """

    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="lines", verbose_name=_("RFQ"))
    position = models.PositiveSmallIntegerField(_("position"))
    designation = models.CharField(_("designation as written"), max_length=200, blank=True)
    brand = models.CharField(_("brand code"), max_length=32, blank=True)
    accept_equivalents = models.BooleanField(_("accept equivalents"), default=True)
    # Only listings whose supplier holds a counting authorisation for the listing's brand.
    authorized_only = models.BooleanField(_("authorised listings only"), default=False)

    recognized = models.BooleanField(_("designation recognised"), default=False)
    base_designation = models.CharField(_("base designation"), max_length=40, blank=True)
    variant = models.CharField(_("variant"), max_length=40, blank=True)
    canonical = models.CharField(_("canonical designation"), max_length=120, blank=True)
    bearing_type = models.CharField(_("bearing type"), max_length=32, choices=BearingType.choices, blank=True)
    seal = models.CharField(_("seal"), max_length=8, choices=Seal.choices, blank=True)
    clearance = models.CharField(_("clearance"), max_length=4, choices=Clearance.choices, blank=True)
    precision = models.CharField(_("precision class"), max_length=4, choices=Precision.choices, blank=True)
    bore_mm = models.DecimalField(_("bore (mm)"), **DIMENSION)
    outer_diameter_mm = models.DecimalField(_("outside diameter (mm)"), **DIMENSION)
    width_mm = models.DecimalField(_("width (mm)"), **DIMENSION)

    quantity = models.PositiveIntegerField(_("quantity"))
    target_unit_price = models.DecimalField(_("target unit price"), null=True, blank=True, **MONEY)
    required_by = models.DateField(_("required by"), null=True, blank=True)

    class Meta:
        ordering = ["rfq_id", "position"]
        verbose_name = _("RFQ line")
        verbose_name_plural = _("RFQ lines")
        constraints = [
            models.UniqueConstraint(fields=["rfq", "position"], name="rfqline_rfq_position_uniq"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="rfqline_quantity_gte_1"),
            models.CheckConstraint(
                condition=Q(target_unit_price__isnull=True) | Q(target_unit_price__gt=0),
                name="rfqline_target_price_gt_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.designation or self.canonical or 'dimensions'} × {self.quantity}"

    @property
    def is_dimensional(self) -> bool:
        """Matched by type and dimensions alone: no recognized designation to go by."""
        return not self.base_designation


class RfqInvitation(models.Model):
    """A supplier whose catalog matched the RFQ when it was created: its inbox entry."""

    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("RFQ"))
    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="rfq_invitations", verbose_name=_("supplier")
    )
    matched_lines = models.PositiveIntegerField(_("matched lines"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["rfq_id", "supplier_id"]
        verbose_name = _("RFQ invitation")
        verbose_name_plural = _("RFQ invitations")
        constraints = [
            models.UniqueConstraint(fields=["rfq", "supplier"], name="rfqinvitation_rfq_supplier_uniq"),
        ]
        indexes = [models.Index(fields=["supplier", "rfq"], name="rfqinvitation_supplier_idx")]

    def __str__(self) -> str:
        return f"RFQ {self.rfq_id} → {self.supplier_id}"


class RfqDecline(models.Model):
    """A supplier's word that it will not quote."""

    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="declines", verbose_name=_("RFQ"))
    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="rfq_declines", verbose_name=_("supplier")
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("RFQ decline")
        verbose_name_plural = _("RFQ declines")
        constraints = [models.UniqueConstraint(fields=["rfq", "supplier"], name="rfqdecline_rfq_supplier_uniq")]

    def __str__(self) -> str:
        return f"RFQ {self.rfq_id} declined by {self.supplier_id}"


class Quote(models.Model):
    """A supplier's sealed offer on an RFQ; one live quote per supplier, revised in place."""

    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("RFQ"))
    supplier = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("supplier")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("submitted by")
    )
    status = models.CharField(_("status"), max_length=16, choices=QuoteStatus.choices, default=QuoteStatus.SUBMITTED)
    valid_until = models.DateField(_("valid until"))
    note = models.CharField(_("note"), max_length=2000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["rfq_id", "submitted_at", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(fields=["rfq", "supplier"], name="quote_rfq_supplier_uniq"),
            models.CheckConstraint(condition=Q(status__in=QuoteStatus.values), name="quote_status_valid"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="quote_revision_gte_1"),
        ]
        indexes = [models.Index(fields=["supplier", "status"], name="quote_supplier_status_idx")]

    def __str__(self) -> str:
        return f"Quote {self.pk} on RFQ {self.rfq_id} by {self.supplier_id} (r{self.revision})"


class QuoteLine(models.Model):
    """One offered bearing for one RFQ line (a supplier may offer alternatives for a line)."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines", verbose_name=_("quote"))
    rfq_line = models.ForeignKey(
        RfqLine, on_delete=models.CASCADE, related_name="quote_lines", verbose_name=_("RFQ line")
    )
    brand = models.CharField(_("brand"), max_length=32)
    designation = models.CharField(_("designation"), max_length=120)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=0)
    # The supplier's own listing of this bearing: awarding the line reserves its stock.
    listing = models.ForeignKey(
        "catalog.Listing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("listing"),
    )

    class Meta:
        ordering = ["quote_id", "pk"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="quoteline_quantity_gte_1"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="quoteline_price_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.brand} {self.designation} × {self.quantity} @ {self.unit_price}"


class QuoteRevision(models.Model):
    """A superseded submission of a quote, kept whole so the history can be shown."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("quote"))
    revision = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField(_("snapshot"), help_text="valid_until, note and lines of that submission")
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["quote_id", "revision"]
        verbose_name = _("quote revision")
        verbose_name_plural = _("quote revisions")
        constraints = [
            models.UniqueConstraint(fields=["quote", "revision"], name="quoterevision_quote_revision_uniq"),
        ]

    def __str__(self) -> str:
        return f"Quote {self.quote_id} r{self.revision}"


class Award(models.Model):
    """Part of an RFQ line given to a quote line or bought from a listing, and the order it became."""

    rfq = models.ForeignKey(Rfq, on_delete=models.CASCADE, related_name="awards", verbose_name=_("RFQ"))
    rfq_line = models.ForeignKey(RfqLine, on_delete=models.CASCADE, related_name="awards", verbose_name=_("RFQ line"))
    quote_line = models.ForeignKey(
        QuoteLine, null=True, blank=True, on_delete=models.PROTECT, related_name="awards", verbose_name=_("quote line")
    )
    listing = models.ForeignKey(
        Listing, null=True, blank=True, on_delete=models.PROTECT, related_name="rfq_awards", verbose_name=_("listing")
    )
    supplier = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="rfq_awards", verbose_name=_("supplier")
    )
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="rfq_awards", verbose_name=_("order"))
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["rfq_id", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=(Q(quote_line__isnull=False) & Q(listing__isnull=True))
                | (Q(quote_line__isnull=True) & Q(listing__isnull=False)),
                name="award_one_source",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="award_quantity_gte_1"),
        ]

    def __str__(self) -> str:
        return f"Award {self.pk}: line {self.rfq_line_id} × {self.quantity}"
