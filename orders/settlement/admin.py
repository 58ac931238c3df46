from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin, ReadOnlyInline
from orders.settlement.models import LedgerEntry, LedgerTransaction, Refund, Settlement


class LedgerEntryInline(ReadOnlyInline):
    """The ledger is insert-only: the admin shows it and changes nothing."""

    model = LedgerEntry
    fields = ["account", "debit", "credit", "organization"]
    readonly_fields = fields


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "order",
        "gross_amount",
        "commission_amount",
        "vat_amount",
        "payout_amount",
        "payout_status",
        "release_at",
        "refunded_amount",
        "settled_at",
    ]
    list_filter = ["payout_status"]
    list_select_related = ["order"]
    search_fields = ["order__number"]
    date_hierarchy = "settled_at"
    raw_id_fields = ["order"]


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ["id", "memo", "order", "settlement", "reverses", "created_at"]
    list_select_related = ["order", "settlement", "reverses"]
    search_fields = ["memo", "order__number"]
    inlines = [LedgerEntryInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "transaction", "account", "debit", "credit", "organization"]
    list_select_related = ["transaction", "organization"]
    list_filter = ["account"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["id", "settlement", "claim_id", "amount", "commission_reversed", "vat_reversed", "created_at"]
    list_select_related = ["settlement"]
    search_fields = ["settlement__order__number"]
