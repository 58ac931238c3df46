"""Capabilities makers declare, custom requests, drawings under NDA with their access log, quotes, awards."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.choices import BearingType, Precision
from catalog.steels import SteelGrade
from marketplace.custom.choices import (
    AccessAction,
    CapabilityFacet,
    CustomQuoteStatus,
    CustomRequestStatus,
    DrawingKind,
)
from marketplace.organizations.models import Organization
from orders.models import Order

MONEY = {"max_digits": 14, "decimal_places": 2}
DIMENSION = {"max_digits": 8, "decimal_places": 2}


class Capability(models.Model):
    """What one supplier can make; its lists (types, classes, steels, processes, certificates) are value rows."""

    supplier = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="capability", verbose_name=_("supplier")
    )
    bore_min_mm = models.DecimalField(_("smallest bore (mm)"), **DIMENSION)
    bore_max_mm = models.DecimalField(_("largest bore (mm)"), **DIMENSION)
    outer_diameter_max_mm = models.DecimalField(_("largest outside diameter (mm)"), **DIMENSION)
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity (pieces)"))
    sample_lead_days = models.PositiveIntegerField(_("sample lead time (days)"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        constraints = [
            models.CheckConstraint(condition=Q(bore_min_mm__gte=0), name="capability_bore_min_gte_0"),
            models.CheckConstraint(condition=Q(bore_max_mm__gte=F("bore_min_mm")), name="capability_bore_range"),
            models.CheckConstraint(condition=Q(outer_diameter_max_mm__gt=0), name="capability_od_max_gt_0"),
        ]

    def __str__(self) -> str:
        return f"Capability of {self.supplier_id}"


class CapabilityValue(models.Model):
    """One entry of one of a capability's lists: a row per value keeps the capable-supplier query set-based."""

    capability = models.ForeignKey(
        Capability, on_delete=models.CASCADE, related_name="values", verbose_name=_("capability")
    )
    facet = models.CharField(_("list"), max_length=16, choices=CapabilityFacet.choices)
    value = models.CharField(_("value"), max_length=32)

    class Meta:
        ordering = ["capability_id", "facet", "pk"]
        verbose_name = _("capability value")
        verbose_name_plural = _("capability values")
        constraints = [
            models.UniqueConstraint(fields=["capability", "facet", "value"], name="capvalue_capability_facet_uniq"),
            models.CheckConstraint(condition=Q(facet__in=CapabilityFacet.values), name="capvalue_facet_valid"),
        ]
        indexes = [models.Index(fields=["facet", "value", "capability"], name="capvalue_facet_value_idx")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class CustomRequest(models.Model):
    """A buyer's request for a non-standard bearing, open to the capable makers until its deadline."""

    buyer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="custom_requests", verbose_name=_("buyer")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )
    title = models.CharField(_("title"), max_length=200)
    bearing_type = models.CharField(_("bearing type"), max_length=32, choices=BearingType.choices)
    bore_mm = models.DecimalField(_("bore (mm)"), **DIMENSION)
    outer_diameter_mm = models.DecimalField(_("outside diameter (mm)"), **DIMENSION)
    width_mm = models.DecimalField(_("width (mm)"), **DIMENSION)
    precision = models.CharField(_("precision class"), max_length=4, choices=Precision.choices, blank=True)
    material = models.CharField(_("material"), max_length=16, choices=SteelGrade.choices, blank=True)
    processes = models.JSONField(_("processes"), default=list, blank=True)
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    annual_quantity = models.PositiveIntegerField(_("annual quantity"), null=True, blank=True)
    target_unit_price = models.DecimalField(_("target unit price"), null=True, blank=True, **MONEY)
    application = models.TextField(_("application"), max_length=2000)
    delivery_city = models.CharField(_("delivery city"), max_length=100, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=CustomRequestStatus.choices, default=CustomRequestStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("custom request")
        verbose_name_plural = _("custom requests")
        indexes = [
            models.Index(fields=["buyer", "status", "created_at"], name="customreq_buyer_status_idx"),
            models.Index(fields=["deadline"], name="customreq_open_deadline_idx", condition=Q(status="open")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CustomRequestStatus.values), name="customreq_status_valid"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="customreq_quantity_gte_1"),
            models.CheckConstraint(condition=Q(bore_mm__gt=0), name="customreq_bore_gt_0"),
            models.CheckConstraint(condition=Q(outer_diameter_mm__gt=F("bore_mm")), name="customreq_od_gt_bore"),
            models.CheckConstraint(condition=Q(width_mm__gt=0), name="customreq_width_gt_0"),
            models.CheckConstraint(
                condition=Q(target_unit_price__isnull=True) | Q(target_unit_price__gt=0),
                name="customreq_target_price_gt_0",
            ),
        ]

    def __str__(self) -> str:
        return f"Custom request {self.pk}: {self.title}"


class CustomRequestInvitation(models.Model):
    """A capable supplier invited to a request; its acceptance of the non-disclosure terms is kept here."""

    request = models.ForeignKey(
        CustomRequest, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("custom request")
    )
    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="custom_invitations", verbose_name=_("supplier")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    nda_accepted_at = models.DateTimeField(_("NDA accepted at"), null=True, blank=True)
    nda_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("NDA accepted by"),
    )

    class Meta:
        ordering = ["request_id", "supplier_id"]
        verbose_name = _("custom request invitation")
        verbose_name_plural = _("custom request invitations")
        constraints = [
            models.UniqueConstraint(fields=["request", "supplier"], name="custominv_request_supplier_uniq"),
        ]
        indexes = [models.Index(fields=["supplier", "request"], name="custominv_supplier_idx")]

    def __str__(self) -> str:
        return f"Custom request {self.request_id} → {self.supplier_id}"


class CustomRequestEvent(models.Model):
    """Audit trail: every status change of a custom request, who made it and why."""

    request = models.ForeignKey(
        CustomRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("custom request")
    )
    at = models.DateTimeField(_("changed at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True, help_text="'system' for tasks")
    from_status = models.CharField(_("from status"), max_length=16, choices=CustomRequestStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=CustomRequestStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("custom request event")
        verbose_name_plural = _("custom request events")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status or '-'} → {self.to_status}"


def drawing_path(instance: "Drawing", filename: str) -> str:
    """A random name under the request's folder: the client's file name never reaches the file system."""
    return f"custom-drawings/{instance.request_id}/{uuid.uuid4().hex}"


class Drawing(models.Model):
    """A buyer's drawing, stored outside the web root and served only through the NDA gate."""

    request = models.ForeignKey(
        CustomRequest, on_delete=models.CASCADE, related_name="drawings", verbose_name=_("custom request")
    )
    file = models.FileField(_("file"), upload_to=drawing_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=DrawingKind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["request_id", "pk"]
        verbose_name = _("drawing")
        verbose_name_plural = _("drawings")

    def __str__(self) -> str:
        return self.filename


class DrawingAccess(models.Model):
    """One NDA acceptance or one download by a supplier's user: the log the buyer reads."""

    request = models.ForeignKey(
        CustomRequest, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("custom request")
    )
    drawing = models.ForeignKey(
        Drawing, null=True, blank=True, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("drawing")
    )
    supplier = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("supplier"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("user name"), max_length=150)
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("drawing access")
        verbose_name_plural = _("drawing access log")
        constraints = [models.CheckConstraint(condition=Q(action__in=AccessAction.values), name="drawaccess_action")]
        indexes = [models.Index(fields=["request", "at"], name="drawaccess_request_at_idx")]

    def __str__(self) -> str:
        return f"{self.action} by {self.username} ({self.supplier_id})"


class CustomQuote(models.Model):
    """A supplier's offer for a custom request; one per supplier, revised in place with history kept."""

    request = models.ForeignKey(
        CustomRequest, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("custom request")
    )
    supplier = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="custom_quotes", verbose_name=_("supplier")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("submitted by")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CustomQuoteStatus.choices, default=CustomQuoteStatus.SUBMITTED
    )
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    tooling_cost = models.DecimalField(_("tooling cost"), **MONEY)
    sample_quantity = models.PositiveIntegerField(_("sample quantity"))
    sample_lead_days = models.PositiveIntegerField(_("sample lead time (days)"))
    production_lead_days = models.PositiveIntegerField(_("production lead time (days)"))
    moq = models.PositiveIntegerField(_("minimum order quantity"))
    valid_until = models.DateField(_("valid until"))
    note = models.CharField(_("note"), max_length=2000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["request_id", "submitted_at", "pk"]
        verbose_name = _("custom quote")
        verbose_name_plural = _("custom quotes")
        constraints = [
            models.UniqueConstraint(fields=["request", "supplier"], name="customquote_request_supplier_uniq"),
            models.CheckConstraint(condition=Q(status__in=CustomQuoteStatus.values), name="customquote_status_valid"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="customquote_price_gt_0"),
            models.CheckConstraint(condition=Q(tooling_cost__gte=0), name="customquote_tooling_gte_0"),
            models.CheckConstraint(condition=Q(moq__gte=1), name="customquote_moq_gte_1"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="customquote_revision_gte_1"),
        ]
        indexes = [models.Index(fields=["supplier", "status"], name="customquote_supplier_idx")]

    def __str__(self) -> str:
        return f"Custom quote {self.pk} on {self.request_id} by {self.supplier_id} (r{self.revision})"

    def snapshot(self) -> dict[str, Any]:
        """The whole of this submission, as kept in the quote's history."""
        return {
            "revision": self.revision,
            "unit_price": str(self.unit_price),
            "tooling_cost": str(self.tooling_cost),
            "sample_quantity": self.sample_quantity,
            "sample_lead_days": self.sample_lead_days,
            "production_lead_days": self.production_lead_days,
            "moq": self.moq,
            "valid_until": self.valid_until.isoformat(),
            "note": self.note,
            "submitted_at": self.submitted_at.isoformat(),
        }


class CustomQuoteRevision(models.Model):
    """A superseded submission of a custom quote."""

    quote = models.ForeignKey(CustomQuote, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("quote"))
    revision = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField(_("snapshot"))
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["quote_id", "revision"]
        verbose_name = _("custom quote revision")
        verbose_name_plural = _("custom quote revisions")
        constraints = [
            models.UniqueConstraint(fields=["quote", "revision"], name="customquoterev_quote_revision_uniq"),
        ]

    def __str__(self) -> str:
        return f"Custom quote {self.quote_id} r{self.revision}"


class CustomAward(models.Model):
    """The one award of a request: the quote chosen, the quantity and the order it became."""

    request = models.OneToOneField(
        CustomRequest, on_delete=models.CASCADE, related_name="award", verbose_name=_("custom request")
    )
    quote = models.ForeignKey(CustomQuote, on_delete=models.PROTECT, related_name="+", verbose_name=_("quote"))
    quantity = models.PositiveIntegerField(_("quantity"))
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+", verbose_name=_("order"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("custom award")
        verbose_name_plural = _("custom awards")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="customaward_quantity_gte_1")]

    def __str__(self) -> str:
        return f"Award of custom request {self.request_id} → order {self.order_id}"
