from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.core.exceptions import DomainError
from marketplace.rfqs.models import Award, Quote, QuoteLine, QuoteRevision, Rfq, RfqInvitation, RfqLine
from marketplace.rfqs.services import rfq_close_expired


class RfqLineInline(admin.TabularInline):
    model = RfqLine
    extra = 0
    fields = (
        "position",
        "designation",
        "brand",
        "accept_equivalents",
        "recognized",
        "canonical",
        "quantity",
        "target_unit_price",
        "required_by",
    )
    readonly_fields = ("recognized", "canonical", "target_unit_price")
    show_change_link = True


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    fields = ("supplier", "status", "revision", "valid_until", "submitted_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RfqInvitationInline(admin.TabularInline):
    model = RfqInvitation
    extra = 0
    fields = ("supplier", "matched_lines", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Rfq)
class RfqAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "buyer", "status", "delivery_city", "deadline", "created_at")
    list_filter = ("status", "delivery_city")
    search_fields = ("title",)
    list_select_related = ("buyer",)
    raw_id_fields = ("buyer", "created_by")
    readonly_fields = ("created_at", "closed_at", "awarded_at", "cancelled_at")
    date_hierarchy = "created_at"
    inlines = (RfqLineInline, QuoteInline, RfqInvitationInline)
    actions = ("close_if_expired",)

    @admin.action(description=_("Close the selected RFQs whose deadline has passed"))
    def close_if_expired(self, request: HttpRequest, queryset: QuerySet[Rfq]) -> None:
        try:
            closed = sum(rfq_close_expired(rfq_id=rfq_id) for rfq_id in queryset.values_list("pk", flat=True))
        except DomainError as exc:
            self.message_user(request, exc.detail, messages.ERROR)
            return
        self.message_user(request, _("%(n)d RFQ(s) closed.") % {"n": closed})


class QuoteLineInline(admin.TabularInline):
    model = QuoteLine
    extra = 0
    fields = ("rfq_line", "brand", "designation", "quantity", "unit_price", "lead_time_days")
    readonly_fields = ("unit_price",)
    raw_id_fields = ("rfq_line",)


class QuoteRevisionInline(admin.TabularInline):
    model = QuoteRevision
    extra = 0
    fields = ("revision", "submitted_at", "snapshot")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("id", "rfq", "supplier", "status", "revision", "valid_until", "submitted_at")
    list_filter = ("status",)
    search_fields = ("rfq__title", "supplier__name")
    list_select_related = ("rfq", "supplier")
    raw_id_fields = ("rfq", "supplier", "submitted_by")
    readonly_fields = ("revision", "submitted_at", "created_at")
    inlines = (QuoteLineInline, QuoteRevisionInline)


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("id", "rfq", "rfq_line", "supplier", "quantity", "unit_price", "order", "created_at")
    list_select_related = ("rfq", "rfq_line", "supplier", "order")
    raw_id_fields = ("rfq", "rfq_line", "quote_line", "listing", "supplier", "order")
    readonly_fields = ("unit_price", "created_at")
