from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.core.exceptions import DomainError
from marketplace.custom.models import (
    Capability,
    CapabilityValue,
    CustomQuote,
    CustomQuoteRevision,
    CustomRequest,
    CustomRequestEvent,
    CustomRequestInvitation,
    Drawing,
    DrawingAccess,
)
from marketplace.custom.services import custom_request_close_expired


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class DrawingInline(ReadOnlyInline):
    model = Drawing
    fields = ("filename", "kind", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class DrawingAccessInline(ReadOnlyInline):
    model = DrawingAccess
    fields = ("at", "supplier", "username", "action", "drawing")
    readonly_fields = fields
    verbose_name_plural = _("access log")


class InvitationInline(ReadOnlyInline):
    model = CustomRequestInvitation
    fields = ("supplier", "created_at", "nda_accepted_at", "nda_accepted_by")
    readonly_fields = fields


class QuoteInline(ReadOnlyInline):
    model = CustomQuote
    fields = ("supplier", "status", "unit_price", "tooling_cost", "moq", "revision", "valid_until", "submitted_at")
    readonly_fields = fields
    show_change_link = True


class EventInline(ReadOnlyInline):
    model = CustomRequestEvent
    fields = ("at", "actor_label", "from_status", "to_status", "note")
    readonly_fields = fields


@admin.register(CustomRequest)
class CustomRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "buyer", "bearing_type", "quantity", "status", "deadline", "created_at")
    list_filter = ("status", "bearing_type")
    search_fields = ("title", "buyer__name")
    list_select_related = ("buyer",)
    raw_id_fields = ("buyer", "created_by")
    readonly_fields = ("status", "target_unit_price", "created_at", "awarded_at", "closed_at", "cancelled_at")
    date_hierarchy = "created_at"
    inlines = (DrawingInline, DrawingAccessInline, InvitationInline, QuoteInline, EventInline)
    actions = ("close_if_expired",)

    @admin.action(description=_("Close the selected requests whose deadline has passed"))
    def close_if_expired(self, request: HttpRequest, queryset: QuerySet[CustomRequest]) -> None:
        try:
            closed = sum(custom_request_close_expired(request_id=pk) for pk in queryset.values_list("pk", flat=True))
        except DomainError as exc:
            self.message_user(request, exc.detail, messages.ERROR)
            return
        self.message_user(request, _("%(n)d request(s) closed.") % {"n": closed})


class QuoteRevisionInline(ReadOnlyInline):
    model = CustomQuoteRevision
    fields = ("revision", "submitted_at", "snapshot")
    readonly_fields = fields


@admin.register(CustomQuote)
class CustomQuoteAdmin(admin.ModelAdmin):
    list_display = ("id", "request", "supplier", "status", "unit_price", "tooling_cost", "moq", "revision")
    list_filter = ("status",)
    search_fields = ("request__title", "supplier__name")
    list_select_related = ("request", "supplier")
    raw_id_fields = ("request", "supplier", "submitted_by")
    readonly_fields = ("status", "unit_price", "tooling_cost", "revision", "submitted_at", "created_at")
    inlines = (QuoteRevisionInline,)


class CapabilityValueInline(ReadOnlyInline):
    model = CapabilityValue
    fields = ("facet", "value")
    readonly_fields = fields


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ("supplier", "bore_min_mm", "bore_max_mm", "outer_diameter_max_mm", "monthly_capacity", "updated_at")
    list_select_related = ("supplier",)
    search_fields = ("supplier__name",)
    raw_id_fields = ("supplier",)
    readonly_fields = ("updated_at",)
    inlines = (CapabilityValueInline,)
