from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.models import (
    BearingSize,
    Brand,
    BrandAuthorization,
    BrandAuthorizationEvent,
    Listing,
    ListingImport,
    ListingStatusEvent,
    PriceBreak,
)
from catalog.services import brand_authorization_reject, brand_authorization_verify, listing_set_active
from catalog.services.parsing import PARSED_FIELDS
from marketplace.core.admin import ReadOnlyAdmin, ReadOnlyInline
from marketplace.core.exceptions import DomainError


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_zh", "origin", "tier", "is_premium")
    list_filter = ("tier", "is_premium", "origin")
    search_fields = ("code", "name", "name_zh")


@admin.register(BearingSize)
class BearingSizeAdmin(ReadOnlyAdmin):
    list_display = ("base_designation", "closure", "bearing_type", "bore_mm", "outer_diameter_mm", "width_mm", "source")
    list_filter = ("bearing_type",)
    search_fields = ("base_designation",)


class PriceBreakInline(ReadOnlyInline):
    model = PriceBreak
    readonly_fields = ("min_quantity", "unit_price")


class ListingStatusEventInline(ReadOnlyInline):
    model = ListingStatusEvent
    readonly_fields = ("at", "is_active", "actor", "note")


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    """Listings are the suppliers' data: staff read them and suspend or restore them."""

    # Fits a 1,400 px window beside the filters (listings.css); recognition is a filter, the
    # canonical designation is on the change page.
    list_display = (
        "sku",
        "supplier_name",
        "brand",
        "designation",
        "quantity_available",
        "price",
        "is_active",
    )
    list_display_links = ("sku",)
    list_filter = ("brand", "bearing_type", "seal", "recognized", "supplier__status", "is_active")
    search_fields = ("designation", "sku")
    list_select_related = ("supplier", "brand")
    raw_id_fields = ("supplier",)
    readonly_fields = (
        *PARSED_FIELDS,
        "quantity_on_hand",
        "quantity_reserved",
        "quantity_available",
        "base_unit_price",
        "currency",
        "is_active",
        "deleted_at",
        "created_at",
        "updated_at",
    )
    inlines = (PriceBreakInline, ListingStatusEventInline)
    actions = ("suspend", "restore")
    show_full_result_count = False

    class Media:
        css = {"all": ("catalog/admin/listings.css",)}

    @admin.display(description=_("supplier"), ordering="supplier__name")
    def supplier_name(self, listing: Listing) -> str:
        name = listing.supplier.name
        return format_html('<span title="{}">{}</span>', name, name)

    @admin.display(description=_("unit price"), ordering="base_unit_price")
    def price(self, listing: Listing) -> str:
        """The base price grouped by thousands in the active language's format (¥1,234.50)."""
        if listing.base_unit_price is None:
            return "—"
        return "¥" + number_format(listing.base_unit_price, decimal_pos=2, force_grouping=True)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Writes go through the services (the API and the actions below), never a raw form save.
        return False

    def has_suspend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("catalog.change_listing")

    @admin.action(description=_("Suspend selected listings"), permissions=["suspend"])
    def suspend(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        for listing in queryset:
            listing_set_active(listing=listing, active=False, actor=request.user, note="admin action")
        self.message_user(request, _("Listings suspended."), messages.SUCCESS)

    @admin.action(description=_("Restore selected listings"), permissions=["suspend"])
    def restore(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        for listing in queryset:
            listing_set_active(listing=listing, active=True, actor=request.user, note="admin action")
        self.message_user(request, _("Listings restored."), messages.SUCCESS)


@admin.register(ListingImport)
class ListingImportAdmin(admin.ModelAdmin):
    list_display = ("id", "supplier", "original_name", "status", "processed_rows", "created", "updated", "created_at")
    list_filter = ("status", "file_type")
    search_fields = ("original_name",)
    list_select_related = ("supplier",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BrandAuthorizationEventInline(ReadOnlyInline):
    model = BrandAuthorizationEvent
    readonly_fields = ("at", "from_status", "to_status", "actor", "note")


@admin.register(BrandAuthorization)
class BrandAuthorizationAdmin(admin.ModelAdmin):
    """Status changes only through the verify/reject actions (the same services as the API)."""

    list_display = ("supplier", "brand", "status", "valid_until", "created_at", "decided_at")
    list_filter = ("status", "brand")
    list_select_related = ("supplier", "brand")
    search_fields = ("supplier__name", "brand__code")
    readonly_fields = (
        "supplier",
        "brand",
        "status",
        "valid_until",
        "document",
        "document_name",
        "document_content_type",
        "document_size",
        "reason",
        "created_by",
        "created_at",
        "decided_at",
    )
    inlines = (BrandAuthorizationEventInline,)
    actions = ("verify", "reject")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _apply(self, request: HttpRequest, queryset: QuerySet[BrandAuthorization], verify: bool) -> None:
        done = 0
        for authorization in queryset:
            try:
                if verify:
                    brand_authorization_verify(authorization=authorization, actor=request.user)
                else:
                    brand_authorization_reject(
                        authorization=authorization, actor=request.user, reason=str(_("Rejected by staff."))
                    )
            except DomainError as exc:
                self.message_user(request, f"{authorization}: {exc.detail}", messages.WARNING)
                continue
            done += 1
        self.message_user(request, _("%(n)d authorisations updated.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Verify selected authorisations"))
    def verify(self, request: HttpRequest, queryset: QuerySet[BrandAuthorization]) -> None:
        self._apply(request, queryset, verify=True)

    @admin.action(description=_("Reject selected authorisations"))
    def reject(self, request: HttpRequest, queryset: QuerySet[BrandAuthorization]) -> None:
        self._apply(request, queryset, verify=False)
