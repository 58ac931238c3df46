from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin import ReadOnlyInline
from marketplace.core.exceptions import DomainError
from orders.models import Order, OrderEvent, OrderLine
from orders.services import order_cancel


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("listing", "brand", "designation", "quantity", "unit_price", "line_total", "quantity_reserved")
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ("at", "actor_label", "actor_organization", "from_status", "to_status", "note")
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders are changed only through their services; the admin reads them and can cancel."""

    list_display = ("number", "buyer", "supplier", "status", "total", "currency", "created_at")
    list_filter = (
        "status",
        ("supplier", admin.RelatedOnlyFieldListFilter),
        ("buyer", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("buyer", "supplier")
    search_fields = ("number",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "number",
        "buyer",
        "supplier",
        "status",
        "total",
        "currency",
        "delivery_city",
        "tracking_number",
        "rfq_id",
        "created_at",
        "confirmed_at",
        "shipped_at",
        "delivered_at",
        "cancelled_at",
    )
    inlines = (OrderLineInline, OrderEventInline)
    actions = ("cancel",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Cancel selected placed orders (stock is released)"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = 0
        for order in queryset.select_related("buyer", "supplier"):
            try:
                order_cancel(order=order, actor=request.user, reason=str(_("Cancelled by market staff.")))
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{order}: {exc.detail}", messages.WARNING)
        self.message_user(request, _("%(n)d order(s) cancelled.") % {"n": done}, messages.SUCCESS)
