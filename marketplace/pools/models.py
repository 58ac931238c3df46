"""Pooled purchase: a supplier's pool with falling price tiers, buyers' commitments, the audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.choices import BearingType, Clearance, Precision, Seal
from catalog.models import Brand
from catalog.steels import SteelForm, SteelGrade
from marketplace.organizations.models import Organization
from marketplace.pools.choices import CommitmentStatus, PoolItemKind, PoolStatus, PoolUnit
from orders.models import Order

MONEY = {"max_digits": 14, "decimal_places": 2}
DIMENSION = {"max_digits": 8, "decimal_places": 2, "null": True, "blank": True}


class Pool(models.Model):
    """One item bought together: the tier the total reaches sets one price for every participant.

    `total_committed` and `participants` are recomputed from the active commitments under the
    pool's row lock, so the cap holds even when commitments race.
    """

    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pools", verbose_name=_("owner"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("item kind"), max_length=8, choices=PoolItemKind.choices)

    # A bearing, parsed as a listing is (blank when the pool is for steel).
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.PROTECT, related_name="pools", verbose_name=_("brand")
    )
    designation = models.CharField(_("designation as written"), max_length=120, blank=True)
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

    # A bearing steel (blank when the pool is for a bearing).
    steel_grade = models.CharField(_("steel grade"), max_length=16, choices=SteelGrade.choices, blank=True)
    steel_form = models.CharField(_("steel form"), max_length=16, choices=SteelForm.choices, blank=True)
    size_mm = models.DecimalField(_("size (mm)"), **DIMENSION)

    unit = models.CharField(_("unit"), max_length=8, choices=PoolUnit.choices)
    min_commitment = models.PositiveIntegerField(_("minimum commitment"))
    max_total_quantity = models.PositiveIntegerField(_("maximum total quantity"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"))
    delivery_city = models.CharField(_("delivery city"), max_length=100)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"))

    status = models.CharField(_("status"), max_length=8, choices=PoolStatus.choices, default=PoolStatus.OPEN)
    total_committed = models.PositiveIntegerField(_("total committed"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    final_unit_price = models.DecimalField(_("final unit price"), null=True, blank=True, **MONEY)
    final_quantity = models.PositiveIntegerField(_("final quantity"), null=True, blank=True)
    close_scheduled_at = models.DateTimeField(
        _("closing task scheduled at"), null=True, blank=True, help_text=_("When the task at closes_at was queued.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["closes_at", "pk"]
        verbose_name = _("purchase pool")
        verbose_name_plural = _("purchase pools")
        indexes = [
            models.Index(fields=["status", "kind", "closes_at"], name="pool_status_kind_idx"),
            models.Index(fields=["owner", "status"], name="pool_owner_status_idx"),
            models.Index(fields=["closes_at"], name="pool_open_closes_at_idx", condition=Q(status="open")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PoolStatus.values), name="pool_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=PoolItemKind.values), name="pool_kind_valid"),
            models.CheckConstraint(condition=Q(unit__in=PoolUnit.values), name="pool_unit_valid"),
            models.CheckConstraint(condition=Q(min_commitment__gte=1), name="pool_min_commitment_gte_1"),
            models.CheckConstraint(
                condition=Q(max_total_quantity__isnull=True) | Q(total_committed__lte=F("max_total_quantity")),
                name="pool_total_within_cap",
            ),
            models.CheckConstraint(
                condition=(Q(kind="bearing") & Q(brand__isnull=False) & ~Q(designation=""))
                | (Q(kind="steel") & ~Q(steel_grade="") & ~Q(steel_form="") & Q(size_mm__gt=0)),
                name="pool_item_complete",
            ),
            models.CheckConstraint(
                condition=Q(final_unit_price__isnull=True) | Q(status="closed"), name="pool_final_price_when_closed"
            ),
        ]

    def __str__(self) -> str:
        return f"Pool {self.pk}: {self.title}"

    @property
    def item_label(self) -> str:
        """The item in a few words, as an order line describes it."""
        if self.kind == PoolItemKind.STEEL:
            return f"{self.steel_grade} {self.get_steel_form_display()} {self.size_mm} mm"
        brand = self.brand.code if self.brand_id else ""
        return f"{brand} {self.designation}".strip()


class PoolTier(models.Model):
    """One price step; `reached_at` records that `pool.tier_reached` was announced (once per tier)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="tiers", verbose_name=_("pool"))
    position = models.PositiveSmallIntegerField(_("position"))
    min_total_quantity = models.PositiveIntegerField(_("minimum total quantity"))
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    reached_at = models.DateTimeField(_("first reached at"), null=True, blank=True)

    class Meta:
        ordering = ["pool_id", "position"]
        verbose_name = _("pool tier")
        verbose_name_plural = _("pool tiers")
        constraints = [
            models.UniqueConstraint(fields=["pool", "position"], name="pooltier_pool_position_uniq"),
            models.UniqueConstraint(fields=["pool", "min_total_quantity"], name="pooltier_pool_min_qty_uniq"),
            models.CheckConstraint(condition=Q(min_total_quantity__gte=1), name="pooltier_min_qty_gte_1"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="pooltier_price_gt_0"),
        ]

    def __str__(self) -> str:
        return f"≥ {self.min_total_quantity} @ {self.unit_price}"


class Commitment(models.Model):
    """A buyer's pledge to take `quantity` at the final price, if it is at most `max_unit_price`."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("pool"))
    buyer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="pool_commitments", verbose_name=_("buyer")
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("committed by")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    max_unit_price = models.DecimalField(_("maximum unit price"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("status"), max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.ACTIVE
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="pool_commitments", verbose_name=_("order")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["pool_id", "created_at", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(fields=["pool", "buyer"], name="commitment_pool_buyer_uniq"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="commitment_quantity_gte_1"),
            models.CheckConstraint(condition=Q(status__in=CommitmentStatus.values), name="commitment_status_valid"),
            models.CheckConstraint(
                condition=Q(max_unit_price__isnull=True) | Q(max_unit_price__gt=0),
                name="commitment_max_price_gt_0",
            ),
            models.CheckConstraint(
                condition=Q(order__isnull=True) | Q(status="ordered"), name="commitment_order_when_ordered"
            ),
        ]
        indexes = [models.Index(fields=["buyer", "status"], name="commitment_buyer_status_idx")]

    def __str__(self) -> str:
        return f"Pool {self.pool_id}: {self.buyer_id} × {self.quantity}"


class PoolEvent(models.Model):
    """The audit row of every pool status change."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="events", verbose_name=_("pool"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    from_status = models.CharField(_("from status"), max_length=8, blank=True)
    to_status = models.CharField(_("to status"), max_length=8, choices=PoolStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["pool_id", "at", "pk"]
        verbose_name = _("pool event")
        verbose_name_plural = _("pool events")
        indexes = [models.Index(fields=["pool", "at"], name="poolevent_pool_at_idx")]

    def __str__(self) -> str:
        return f"Pool {self.pool_id}: {self.from_status or '∅'} → {self.to_status}"
