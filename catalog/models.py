from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.choices import AuthorizationStatus, BearingType, BrandTier, Clearance, Precision, Seal
from marketplace.core.money import CURRENCY
from marketplace.organizations.models import AuditEvent, Organization

# Three places: inch sizes are catalogue millimetres to 0.001 (7/8 in = 22.225, 5/16 in = 7.938).
DIMENSION = {"max_digits": 9, "decimal_places": 3, "null": True, "blank": True}


class Brand(models.Model):
    """A bearing maker, maintained by admins; listings must name a known brand."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    origin = models.CharField(_("origin"), max_length=64, blank=True)
    is_premium = models.BooleanField(_("premium"), default=False)
    tier = models.CharField(_("tier"), max_length=16, choices=BrandTier.choices, default=BrandTier.DOMESTIC)

    class Meta:
        ordering = ["code"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.code


class BearingSize(models.Model):
    """Boundary dimensions of a basic designation (ISO 15 / ISO 355 / ISO 104 plans and the family tables).

    Families without an outside diameter or width (rod ends, accessories, housed units) leave them null;
    where the width depends on the closure (R8, 16xx, NA49…-2RS) a row per closure is kept.
    """

    base_designation = models.CharField(_("base designation"), max_length=40)
    closure = models.CharField(
        _("closure"), max_length=16, blank=True, help_text=_("Empty: any closure; else shielded, sealed or closed.")
    )
    bearing_type = models.CharField(_("bearing type"), max_length=32, choices=BearingType.choices)
    bore_mm = models.DecimalField(_("bore (mm)"), max_digits=9, decimal_places=3)
    outer_diameter_mm = models.DecimalField(
        _("outside diameter (mm)"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    width_mm = models.DecimalField(_("width (mm)"), max_digits=9, decimal_places=3, null=True, blank=True)
    dynamic_load_kn = models.DecimalField(
        _("dynamic load rating (kN)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    static_load_kn = models.DecimalField(
        _("static load rating (kN)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["base_designation", "closure"], name="bearingsize_base_closure_uniq"),
        ]
        indexes = [
            models.Index(fields=["bore_mm", "outer_diameter_mm", "width_mm"], name="bearingsize_dims_idx"),
        ]
        verbose_name = _("bearing size")
        verbose_name_plural = _("bearing sizes")

    def __str__(self) -> str:
        return f"{self.base_designation} {self.bore_mm}×{self.outer_diameter_mm or '–'}×{self.width_mm or '–'}"


class Listing(models.Model):
    """One supplier's offer of one bearing; parsed attributes are derived, never client-set."""

    # No single-column foreign-key indexes: listing_supplier_idx / listing_supplier_sku_uniq and
    # listing_brand_price_idx lead with these columns already, and every non-HOT listing update
    # (a stock change) writes an entry into every index.
    supplier = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("supplier"),
        db_index=False,
    )
    sku = models.CharField(_("SKU"), max_length=64)
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, related_name="listings", verbose_name=_("brand"), db_index=False
    )
    designation = models.CharField(_("designation"), max_length=120)

    # Parsed by the designation engine on every write.
    recognized = models.BooleanField(_("designation recognised"), default=False)
    base_designation = models.CharField(_("base designation"), max_length=40, blank=True)
    variant = models.CharField(_("variant"), max_length=40, blank=True)
    bearing_type = models.CharField(_("bearing type"), max_length=32, choices=BearingType.choices, blank=True)
    seal = models.CharField(_("seal"), max_length=8, choices=Seal.choices, blank=True)
    clearance = models.CharField(_("clearance"), max_length=4, choices=Clearance.choices, blank=True)
    precision = models.CharField(_("precision class"), max_length=4, choices=Precision.choices, blank=True)
    precision_rank = models.PositiveSmallIntegerField(_("precision rank"), default=0)
    bore_mm = models.DecimalField(_("bore (mm)"), **DIMENSION)
    outer_diameter_mm = models.DecimalField(_("outside diameter (mm)"), **DIMENSION)
    width_mm = models.DecimalField(_("width (mm)"), **DIMENSION)
    canonical = models.CharField(_("canonical designation"), max_length=120, blank=True)
    search_key = models.CharField(
        _("search key"), max_length=120, blank=True, help_text="designation folded for text search"
    )

    # Stock: on hand as the supplier's ERP reports it, minus open reservations.
    quantity_on_hand = models.PositiveIntegerField(_("quantity on hand"), default=0)
    quantity_reserved = models.PositiveIntegerField(_("quantity reserved"), default=0)
    quantity_available = models.GeneratedField(
        expression=F("quantity_on_hand") - F("quantity_reserved"),
        output_field=models.BigIntegerField(),
        db_persist=True,
        verbose_name=_("quantity available"),
    )
    # When the supplier last stated its stock (any write of quantity_available, or confirm-stock).
    stock_confirmed_at = models.DateTimeField(_("stock confirmed at"), default=timezone.now)
    moq = models.PositiveIntegerField(_("minimum order quantity"), default=1)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=0)
    warehouse_city = models.CharField(_("warehouse city"), max_length=100, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY, editable=False)
    # Price of the smallest-quantity break, kept in step with the breaks for ordering.
    base_unit_price = models.DecimalField(_("base unit price"), max_digits=14, decimal_places=2, null=True, blank=True)
    # The lowest price of any break: a lower bound of the price at every quantity, so the matcher
    # can scan a bearing's listings cheapest-first and stop early. 0 means unknown (scanned first).
    min_unit_price = models.DecimalField(_("lowest break price"), max_digits=14, decimal_places=2, default=0)

    is_active = models.BooleanField(_("active"), default=True, help_text=_("Unset to suspend the listing."))
    # Set instead of deleting a listing that order lines still point at; hidden from everyone.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            # A soft-deleted listing frees its SKU for a new one.
            models.UniqueConstraint(
                fields=["supplier", "sku"], condition=Q(deleted_at__isnull=True), name="listing_supplier_sku_uniq"
            ),
            models.CheckConstraint(
                condition=Q(quantity_reserved__lte=F("quantity_on_hand")), name="listing_reserved_lte_on_hand"
            ),
            models.CheckConstraint(condition=Q(moq__gte=1), name="listing_moq_gte_1"),
        ]
        indexes = [
            # The matcher reads one bearing's (one size's, one brand's) listings cheapest-bound first
            # from these alone (index-only: min_unit_price and id are keys), then fetches the few it keeps.
            # Included: the scans apply stock, lead time, MOQ and precision in the index, not the heap.
            models.Index(
                fields=["base_designation", "variant", "seal", "clearance", "min_unit_price", "id"],
                include=["quantity_available", "lead_time_days", "moq", "precision_rank", "stock_confirmed_at"],
                name="listing_bearing_idx",
            ),
            models.Index(
                fields=["bore_mm", "outer_diameter_mm", "width_mm", "min_unit_price", "id"],
                include=[
                    "quantity_available",
                    "lead_time_days",
                    "moq",
                    "precision_rank",
                    "bearing_type",
                    "stock_confirmed_at",
                ],
                name="listing_dims_idx",
            ),
            # PostgreSQL also gets a trigram GIN index on search_key (migration 0004) for LIKE '%…%'.
            models.Index(fields=["search_key"], name="listing_search_key_idx"),
            models.Index(
                fields=["brand", "base_designation", "variant", "seal", "clearance", "min_unit_price", "id"],
                include=["quantity_available", "lead_time_days", "moq", "precision_rank", "stock_confirmed_at"],
                name="listing_brand_bearing_idx",
            ),
            models.Index(fields=["base_unit_price", "id"], name="listing_price_idx"),
            models.Index(fields=["brand", "base_unit_price", "id"], name="listing_brand_price_idx"),
            models.Index(fields=["supplier", "id"], name="listing_supplier_idx"),
            # The search's `q` also finds a listing by its exact SKU, in the same query.
            models.Index(fields=["sku"], name="listing_sku_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.brand_id} {self.designation} ({self.sku})"

    @property
    def visibility_reason(self) -> str | None:
        """Why other organisations do not see this listing (None: they do).

        Reads the `supplier_status` annotation of the catalog selectors when present.
        """
        status = getattr(self, "supplier_status", None) or self.supplier.status
        if status != "verified":
            return "organization_suspended" if status == "suspended" else "organization_pending"
        if not self.is_active or self.deleted_at is not None:
            return "inactive"
        return None


class PriceBreak(models.Model):
    """The unit price from `min_quantity` up (VAT-inclusive, CNY)."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="price_breaks", verbose_name=_("listing")
    )
    min_quantity = models.PositiveIntegerField(_("minimum quantity"))
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["listing_id", "min_quantity"]
        verbose_name = _("price break")
        verbose_name_plural = _("price breaks")
        constraints = [
            models.UniqueConstraint(fields=["listing", "min_quantity"], name="pricebreak_listing_minqty_uniq"),
            models.CheckConstraint(condition=Q(min_quantity__gte=1), name="pricebreak_minqty_gte_1"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="pricebreak_price_gt_0"),
        ]
        indexes = [
            # Covering (PostgreSQL): the matcher's price-at-quantity probe reads the index alone.
            models.Index(fields=["listing", "min_quantity"], include=["unit_price"], name="pricebreak_probe_idx"),
        ]

    def __str__(self) -> str:
        return f"≥{self.min_quantity}: {self.unit_price}"


class ListingStatusEvent(AuditEvent):
    """Audit trail of a listing's suspensions and restorations."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="status_events", verbose_name=_("listing")
    )
    is_active = models.BooleanField(_("active"))

    class Meta(AuditEvent.Meta):
        verbose_name = _("listing status change")
        verbose_name_plural = _("listing status changes")

    def __str__(self) -> str:
        return f"{self.listing_id}: {'restored' if self.is_active else 'suspended'}"


class ListingImport(models.Model):
    """One uploaded spreadsheet of listings and the progress of its import."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class FileType(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="listing_imports", verbose_name=_("supplier")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )
    file = models.FileField(_("file"), upload_to="listing-imports/%Y/%m/")
    original_name = models.CharField(_("original file name"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=8, choices=FileType.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("total rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    created = models.PositiveIntegerField(_("listings created"), default=0)
    updated = models.PositiveIntegerField(_("listings updated"), default=0)
    # [{"row": <line number, header = 1>, "message": "..."}], capped.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("error count"), default=0)
    # [{"row", "message", "sheet"?}] for rows imported whose designation was not recognised, and
    # for worksheets that were not read.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # The requester's language: every message of this import is written in it.
    language = models.CharField(_("language"), max_length=16, default="en")
    # Written by the running worker after every chunk; a stale one lets the sweep take the import over.
    heartbeat_at = models.DateTimeField(_("heartbeat at"), null=True, blank=True)
    run_token = models.CharField(_("run token"), max_length=32, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("listing import")
        verbose_name_plural = _("listing imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]), name="listingimport_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["heartbeat_at"],
                condition=Q(status__in=["queued", "running"]),
                name="listingimport_unfinished_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"


class BrandAuthorization(models.Model):
    """A maker's letter authorising a supplier to sell its brand; counts while verified and in date."""

    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="brand_authorizations", verbose_name=_("supplier")
    )
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="authorizations", verbose_name=_("brand"))
    status = models.CharField(
        _("status"), max_length=16, choices=AuthorizationStatus.choices, default=AuthorizationStatus.PENDING
    )
    valid_until = models.DateField(_("valid until"))
    # Kept under MEDIA_ROOT (never served directly): only the supplier and staff download it.
    document = models.FileField(_("document"), upload_to="brand-authorizations/%Y/%m/")
    document_name = models.CharField(_("original file name"), max_length=255)
    document_content_type = models.CharField(_("content type"), max_length=64)
    document_size = models.PositiveIntegerField(_("size (bytes)"))
    reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("brand authorisation")
        verbose_name_plural = _("brand authorisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AuthorizationStatus.values), name="brandauthorization_status_valid"
            ),
        ]
        indexes = [
            # `authorized` is an EXISTS probe on (supplier, brand) among verified letters, per listing.
            models.Index(
                fields=["supplier", "brand", "valid_until"],
                condition=Q(status=AuthorizationStatus.VERIFIED),
                name="brandauth_counting_idx",
            ),
            models.Index(fields=["status", "created_at"], name="brandauth_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.brand_id} ({self.status})"


class BrandAuthorizationEvent(models.Model):
    """Audit trail of an authorisation's status changes."""

    authorization = models.ForeignKey(
        BrandAuthorization, on_delete=models.CASCADE, related_name="events", verbose_name=_("authorisation")
    )
    from_status = models.CharField(_("from status"), max_length=16, choices=AuthorizationStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=AuthorizationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("brand authorisation change")
        verbose_name_plural = _("brand authorisation changes")

    def __str__(self) -> str:
        return f"{self.authorization_id}: {self.from_status or '-'} → {self.to_status}"
