from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin import ReadOnlyInline
from marketplace.core.exceptions import DomainError
from marketplace.rfqs.models import Award, Quote, QuoteLine, QuoteRevision, Rfq, RfqEvent, RfqInvitation, RfqLine
from marketplace.rfqs.services import rfq_cancel, rfq_close, rfq_close_expired, rfq_line_revise


class RfqLineInline(admin.TabularInline):
    """Lines are read here; a designation or brand correction goes through `rfq_line_revise` (see the admin)."""

    model = RfqLine
    extra = 0
    can_delete = False
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
    readonly_fields = (
        "position",
        "accept_equivalents",
        "recognized",
        "canonical",
        "quantity",
        "target_unit_price",
        "required_by",
    )

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RfqEventInline(ReadOnlyInline):
    model = RfqEvent
    fields = ("at", "actor_label", "actor_organization", "from_status", "to_status", "note")
    readonly_fields = fields


class QuoteInline(ReadOnlyInline):
    model = Quote
    fields = ("supplier", "status", "revision", "valid_until", "submitted_at")
    readonly_fields = fields
    show_change_link = True


class RfqInvitationInline(ReadOnlyInline):
    model = RfqInvitation
    fields = ("supplier", "matched_lines", "created_at")
    readonly_fields = fields


@admin.register(Rfq)
class RfqAdmin(admin.ModelAdmin):
    """Status changes only through the services (actions); line corrections are parsed again by a service."""

    list_display = ("id", "title", "buyer", "status", "delivery_city", "deadline", "created_at")
    list_filter = ("status", "delivery_city")
    search_fields = ("title",)
    list_select_related = ("buyer",)
    raw_id_fields = ("buyer", "created_by")
    readonly_fields = ("buyer", "created_by", "status", "created_at", "closed_at", "awarded_at", "cancelled_at")
    date_hierarchy = "created_at"
    inlines = (RfqLineInline, QuoteInline, RfqInvitationInline, RfqEventInline)
    actions = ("cancel", "close", "close_if_expired")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Rfq, form: Any, change: bool) -> None:
        # Only what the form changed, so a status set meanwhile by a service is never written back.
        if form.changed_data:
            obj.save(update_fields=form.changed_data)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RfqLine:
            formset.save()
            return
        # The change message reads what formset.save() would have recorded.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for line_form in formset.forms:
            if not line_form.has_changed():
                continue
            try:
                line = rfq_line_revise(
                    line_id=line_form.instance.pk,
                    actor=request.user,
                    designation=line_form.cleaned_data.get("designation") or "",
                    brand=line_form.cleaned_data.get("brand") or "",
                )
            except DomainError as exc:
                self.message_user(request, f"{line_form.instance}: {exc.detail}", messages.ERROR)
            else:
                formset.changed_objects.append((line, line_form.changed_data))

    @admin.action(description=_("Cancel the selected open RFQs"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[Rfq]) -> None:
        note = str(_("Cancelled by market staff."))
        done = self._each(request, queryset, lambda rfq: rfq_cancel(rfq=rfq, actor=request.user, note=note))
        self.message_user(request, _("%(n)d RFQ(s) cancelled.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Close the selected open RFQs now (they can still be awarded)"))
    def close(self, request: HttpRequest, queryset: QuerySet[Rfq]) -> None:
        note = str(_("Closed by market staff."))
        done = self._each(request, queryset, lambda rfq: rfq_close(rfq=rfq, actor=request.user, note=note))
        self.message_user(request, _("%(n)d RFQ(s) closed.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Close the selected RFQs whose deadline has passed"))
    def close_if_expired(self, request: HttpRequest, queryset: QuerySet[Rfq]) -> None:
        try:
            closed = sum(rfq_close_expired(rfq_id=rfq_id) for rfq_id in queryset.values_list("pk", flat=True))
        except DomainError as exc:
            self.message_user(request, exc.detail, messages.ERROR)
            return
        self.message_user(request, _("%(n)d RFQ(s) closed.") % {"n": closed})

    def _each(self, request: HttpRequest, queryset: QuerySet[Rfq], call: Callable[[Rfq], object]) -> int:
        """Apply a service to each RFQ; a refusal is reported and the others go on."""
        done = 0
        for rfq in queryset.order_by("pk"):
            try:
                call(rfq)
            except DomainError as exc:
                self.message_user(request, f"{rfq}: {exc.detail}", messages.WARNING)
            else:
                done += 1
        return done


class QuoteLineInline(admin.TabularInline):
    model = QuoteLine
    extra = 0
    fields = ("rfq_line", "brand", "designation", "quantity", "unit_price", "lead_time_days")
    readonly_fields = ("unit_price",)
    raw_id_fields = ("rfq_line",)


class QuoteRevisionInline(ReadOnlyInline):
    model = QuoteRevision
    fields = ("revision", "submitted_at", "snapshot")
    readonly_fields = fields


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
