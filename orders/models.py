from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Listing
from marketplace.core.money import CURRENCY
from marketplace.organizations.models import Organization, PartyAuditEvent
from orders.choices import OrderStatus

MONEY = {"max_digits": 14, "decimal_places": 2}


class Order(models.Model):
    number = models.CharField(_("number"), max_length=32, unique=True)
    buyer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="purchase_orders", verbose_name=_("buyer")
    )
    supplier = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="sales_orders", verbose_name=_("supplier")
    )
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.PLACED)
    delivery_city = models.CharField(_("delivery city"), max_length=100, blank=True)
    total = models.DecimalField(_("total"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY, editable=False)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    # Set when the order comes from an RFQ award (kept as a plain id: orders never import RFQs).
    rfq_id = models.BigIntegerField(_("RFQ"), null=True, blank=True, db_index=True)
    # Likewise for an order from a closed purchase pool or an awarded custom request.
    pool_id = models.BigIntegerField(_("purchase pool"), null=True, blank=True, db_index=True)
    custom_request_id = models.BigIntegerField(_("custom request"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["buyer", "status", "created_at"], name="order_buyer_status_idx"),
            models.Index(fields=["supplier", "status", "created_at"], name="order_supplier_status_idx"),
            models.Index(fields=["status", "created_at"], name="order_status_created_idx"),
            # The auto-deliver sweep scans only shipped orders by ship date.
            models.Index(fields=["shipped_at"], name="order_shipped_open_idx", condition=Q(status=OrderStatus.SHIPPED)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_gte_0"),
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="order_status_valid"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """A line with the listing's brand, designation and price copied at order time."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    # Null for a line awarded from a quote rather than bought from a listing.
    listing = models.ForeignKey(
        Listing, null=True, blank=True, on_delete=models.PROTECT, related_name="order_lines", verbose_name=_("listing")
    )
    brand = models.CharField(_("brand"), max_length=32)
    designation = models.CharField(_("designation"), max_length=120)
    # What a line without a listing is (a pooled item, a custom bearing, tooling).
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The brand-neutral bearing (catalog canonical form; blank when not a recognised bearing), kept
    # at order time so the price index finds every brand's trades of one bearing by an index.
    canonical = models.CharField(_("canonical designation"), max_length=120, blank=True, db_index=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    line_total = models.DecimalField(_("line total"), **MONEY)
    # Units of this line still held against the listing's stock (0 once shipped or released).
    quantity_reserved = models.PositiveIntegerField(_("quantity reserved"), default=0)

    class Meta:
        ordering = ["order_id", "pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orderline_quantity_gte_1"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="orderline_price_gte_0"),
            models.CheckConstraint(
                condition=Q(quantity_reserved__lte=F("quantity")), name="orderline_reserved_lte_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.designation} × {self.quantity}"


class OrderEvent(PartyAuditEvent):
    """Audit trail: every status change of an order, who made it and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))
    from_status = models.CharField(_("from status"), max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=OrderStatus.choices)

    class Meta(PartyAuditEvent.Meta):
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '-'} → {self.to_status}"
