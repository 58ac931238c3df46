from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.core.exceptions import DomainError
from marketplace.pools.models import Commitment, Pool, PoolEvent, PoolTier
from marketplace.pools.services import pool_close


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class PoolTierInline(ReadOnlyInline):
    model = PoolTier
    fields = ("position", "min_total_quantity", "unit_price", "reached_at")
    readonly_fields = fields


class CommitmentInline(ReadOnlyInline):
    model = Commitment
    fields = ("buyer", "quantity", "max_unit_price", "status", "order", "created_at", "updated_at")
    readonly_fields = fields
    show_change_link = False


class PoolEventInline(ReadOnlyInline):
    model = PoolEvent
    fields = ("at", "actor_label", "from_status", "to_status", "note")
    readonly_fields = fields


@admin.register(Pool)
class PoolAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "title",
        "owner",
        "kind",
        "status",
        "total_committed",
        "participants",
        "closes_at",
        "final_unit_price",
    )
    list_filter = ("status", "kind", "unit")
    search_fields = ("title", "designation", "steel_grade", "owner__name")
    list_select_related = ("owner", "brand")
    raw_id_fields = ("owner", "created_by", "brand")
    readonly_fields = (
        "status",
        "total_committed",
        "participants",
        "final_unit_price",
        "final_quantity",
        "close_scheduled_at",
        "created_at",
        "closed_at",
    )
    date_hierarchy = "closes_at"
    inlines = (PoolTierInline, CommitmentInline, PoolEventInline)
    actions = ("close_if_due",)

    @admin.action(description=_("Close the selected pools whose closing time has passed"))
    def close_if_due(self, request: HttpRequest, queryset: QuerySet[Pool]) -> None:
        try:
            closed = sum(pool_close(pool_id=pool_id) is not None for pool_id in queryset.values_list("pk", flat=True))
        except DomainError as exc:
            self.message_user(request, exc.detail, messages.ERROR)
            return
        self.message_user(request, _("%(n)d pool(s) closed.") % {"n": closed})


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("id", "pool", "buyer", "quantity", "max_unit_price", "status", "order", "updated_at")
    list_filter = ("status",)
    search_fields = ("pool__title", "buyer__name")
    list_select_related = ("pool", "buyer", "order")
    raw_id_fields = ("pool", "buyer", "committed_by", "order")
    readonly_fields = ("quantity", "max_unit_price", "status", "order", "created_at", "updated_at")
