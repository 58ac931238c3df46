from django.urls import path

from marketplace.insights.api.scorecards import ScorecardView

urlpatterns = [
    path("organizations/<int:pk>/scorecard/", ScorecardView.as_view(), name="organization-scorecard"),
]
