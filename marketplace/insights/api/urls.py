from django.urls import path

from marketplace.insights.api.prices import BarometerView, PriceIndexView
from marketplace.insights.api.scorecards import ScorecardView

urlpatterns = [
    path("price-index/", PriceIndexView.as_view(), name="price-index"),
    path("price-index/barometer/", BarometerView.as_view(), name="price-index-barometer"),
    path("organizations/<int:pk>/scorecard/", ScorecardView.as_view(), name="organization-scorecard"),
]
