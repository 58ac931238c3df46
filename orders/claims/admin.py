from typing import Any

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Now
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.core.exceptions import DomainError
from orders.claims.choices import ClaimStatus
from orders.claims.models import Claim, ClaimEvent, ClaimEvidence, ClaimLine
from orders.claims.services import claim_resolve


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ClaimLineInline(ReadOnlyInline):
    model = ClaimLine
    fields = ("order_line", "quantity")
    readonly_fields = fields


class ClaimEvidenceInline(ReadOnlyInline):
    model = ClaimEvidence
    fields = ("download", "content_type", "size", "note", "uploaded_by_organization", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, evidence: ClaimEvidence) -> str:
        # Served by the API's permission-checked view, never from a public media URL.
        url = reverse("claim-evidence-download", args=[evidence.claim_id, evidence.pk])
        return format_html('<a href="{}">{}</a>', url, evidence.filename)


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = ("at", "actor_label", "actor_organization", "from_status", "to_status", "note")
    readonly_fields = fields


class OverdueFilter(admin.SimpleListFilter):
    title = _("response")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Open past respond-by"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() == "yes":
            return queryset.filter(status=ClaimStatus.OPEN, respond_by__lt=Now())
        return queryset


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Claims change only through their services; staff resolve escalated ones with the actions."""

    list_display = (
        "id",
        "order",
        "kind",
        "status",
        "requested_amount",
        "offered_amount",
        "refund_amount",
        "respond_by",
        "is_overdue",
        "created_at",
    )
    list_filter = ("status", "kind", OverdueFilter)
    list_select_related = ("order",)
    search_fields = ("order__number",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "order",
        "status",
        "kind",
        "description",
        "requested_amount",
        "offered_amount",
        "refund_amount",
        "filed_by",
        "created_at",
        "respond_by",
        "resolved_at",
    )
    exclude = ("updated_at",)
    inlines = (ClaimLineInline, ClaimEvidenceInline, ClaimEventInline)
    actions = ("resolve_with_requested_refund", "resolve_without_refund")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        # Overdue first (open past respond-by), then escalated ones waiting for staff, then by deadline.
        urgency = Case(
            When(status=ClaimStatus.OPEN, respond_by__lt=Now(), then=Value(0)),
            When(status=ClaimStatus.ESCALATED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return super().get_queryset(request).annotate(urgency=urgency).order_by("urgency", "respond_by", "pk")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(boolean=True, description=_("overdue"), ordering="urgency")
    def is_overdue(self, claim: Claim) -> bool:
        return getattr(claim, "urgency", 2) == 0

    def _resolve(self, request: HttpRequest, queryset: QuerySet[Claim], *, full: bool) -> None:
        done = 0
        for claim in queryset.order_by("pk"):
            amount = claim.requested_amount if full else 0
            try:
                claim_resolve(
                    claim_id=claim.pk, actor=request.user, refund_amount=amount, note=str(_("Resolved by staff."))
                )
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{claim}: {exc.detail}", messages.WARNING)
        self.message_user(request, _("%(n)d claim(s) resolved.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Resolve selected escalated claims: refund the requested amount"))
    def resolve_with_requested_refund(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._resolve(request, queryset, full=True)

    @admin.action(description=_("Resolve selected escalated claims: no refund"))
    def resolve_without_refund(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        self._resolve(request, queryset, full=False)
