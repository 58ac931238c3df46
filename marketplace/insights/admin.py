from django.contrib import admin

from marketplace.core.admin import ReadOnlyAdmin
from marketplace.insights.models import Scorecard


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    """Scorecards are computed (insights.tasks), never typed in."""

    list_display = ("organization", "score", "standing", "orders_completed", "previous_standing", "computed_at")
    list_filter = ("standing",)
    list_select_related = ("organization",)
    search_fields = ("organization__name",)
    ordering = ("-score",)
