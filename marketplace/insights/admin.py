from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from marketplace.insights.models import Scorecard


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    """Read-only: scorecards are computed (insights.tasks), never typed in."""

    list_display = ("organization", "score", "standing", "orders_completed", "previous_standing", "computed_at")
    list_filter = ("standing",)
    list_select_related = ("organization",)
    search_fields = ("organization__name",)
    ordering = ("-score",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
