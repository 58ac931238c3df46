from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin import ReadOnlyInline
from marketplace.core.exceptions import DomainError
from marketplace.organizations.models import (
    Organization,
    OrganizationDocument,
    OrganizationStatusEvent,
    User,
)
from marketplace.organizations.services import organization_suspend, organization_verify


class OrganizationStatusEventInline(ReadOnlyInline):
    model = OrganizationStatusEvent
    readonly_fields = ("at", "from_status", "to_status", "actor", "note")
    fields = readonly_fields


class OrganizationDocumentInline(admin.TabularInline):
    model = OrganizationDocument
    extra = 0


class UserInline(admin.TabularInline):
    model = User
    extra = 0
    fields = ("username", "email", "language", "is_active")
    readonly_fields = ("username",)
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "status", "city", "credit_code", "score", "standing", "created_at")
    list_filter = ("kind", "status", "city")
    search_fields = ("name", "credit_code")
    date_hierarchy = "created_at"
    # The score and standing are the scorecard's (written by organization_scores_set), never typed in.
    readonly_fields = ("status", "score", "standing", "score_computed_at", "verified_at", "created_at")
    inlines = (UserInline, OrganizationDocumentInline, OrganizationStatusEventInline)
    actions = ("verify", "suspend")

    @admin.action(description=_("Verify selected organisations"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        self._apply(request, queryset, organization_verify)

    @admin.action(description=_("Suspend selected organisations"))
    def suspend(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        self._apply(request, queryset, organization_suspend)

    def _apply(self, request: HttpRequest, queryset: QuerySet[Organization], service: object) -> None:
        done = 0
        for org in queryset:
            try:
                service(organization=org, actor=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{org}: {exc.detail}", messages.WARNING)
        self.message_user(request, _("%(n)d organisation(s) updated.") % {"n": done}, messages.SUCCESS)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "organization", "language", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "language", "organization__kind")
    list_select_related = ("organization",)
    search_fields = ("username", "email", "organization__name")
    autocomplete_fields = ("organization",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Marketplace"), {"fields": ("organization", "language")}),
    )
