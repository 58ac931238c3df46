"""The back office: Django admin with the exchange's name and a market dashboard as its index.

It sits at the top floor (beside the urls), since its dashboard reads catalog, orders and RFQs.
"""

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class MarketplaceAdminSite(admin.AdminSite):
    site_header = _("Yandian Bearing Exchange")
    site_title = _("Yandian Bearing Exchange")
    index_title = _("Market dashboard")
    index_template = "admin/dashboard/index.html"

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        """The app list, with the market's figures for staff who may see orders."""
        context = dict(extra_context or {})
        if request.user.has_perm("orders.view_order"):
            # Imported here: the admin site is built before the apps' models are loaded.
            from marketplace.backoffice.charts import bar_chart  # noqa: PLC0415
            from marketplace.backoffice.dashboard import dashboard_figures  # noqa: PLC0415
            from marketplace.backoffice.index_chart import index_chart  # noqa: PLC0415
            from marketplace.core.routing import replica_call  # noqa: PLC0415

            designation = request.GET.get("designation", "")
            # Aggregates over months of orders: a replica's work when one is healthy.
            figures = replica_call(dashboard_figures, designation=designation, organization_id=None)
            context["dashboard"] = figures
            context["scorecards"] = self._scorecards()
            context["designation_query"] = designation.strip()[:120]
            context["traded_chart"] = bar_chart([(f"{p.day:%m-%d}", p.value) for p in figures.traded_per_day])
            if figures.trend is not None and figures.trend.tiers:
                context["trend_chart"] = index_chart(figures.trend.tiers)
        return super().index(request, extra_context=context)

    @staticmethod
    def _scorecards() -> dict[str, Any]:
        """The supplier score distribution (bands of ten) and whose standing fell this week."""
        from marketplace.backoffice.charts import bar_chart  # noqa: PLC0415
        from marketplace.insights.scorecards.selectors import scorecard_distribution  # noqa: PLC0415

        distribution = scorecard_distribution()
        return {
            "distribution": distribution,
            "chart": bar_chart([(band.label, Decimal(band.count)) for band in distribution.bands]),
        }


class MarketplaceAdminConfig(AdminConfig):
    """Installs MarketplaceAdminSite as `django.contrib.admin.site`, so every app's admin.py registers there."""

    default_site = "marketplace.backoffice.admin_site.MarketplaceAdminSite"
