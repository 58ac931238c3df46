from django.urls import path

from marketplace.rfqs.api import plan, views

urlpatterns = [
    path("rfqs/", views.RfqListCreateView.as_view(), name="rfq-list"),
    path("rfqs/<int:pk>/", views.RfqDetailView.as_view(), name="rfq-detail"),
    path("rfqs/<int:pk>/matches/", views.RfqMatchesView.as_view(), name="rfq-matches"),
    path("rfqs/<int:pk>/quotes/", views.RfqQuotesView.as_view(), name="rfq-quotes"),
    path("rfqs/<int:pk>/quotes/comparison/", views.RfqQuoteComparisonView.as_view(), name="rfq-quote-comparison"),
    path("rfqs/<int:pk>/quotes/<int:quote_pk>/", views.RfqQuoteDetailView.as_view(), name="rfq-quote-detail"),
    path("rfqs/<int:pk>/decline/", views.RfqDeclineView.as_view(), name="rfq-decline"),
    path("rfqs/<int:pk>/award/", views.RfqAwardView.as_view(), name="rfq-award"),
    path("rfqs/<int:pk>/award-plan/", plan.RfqAwardPlanView.as_view(), name="rfq-award-plan"),
    path("rfqs/<int:pk>/events/", views.RfqEventListView.as_view(), name="rfq-events"),
    path("rfqs/<int:pk>/cancel/", views.RfqCancelView.as_view(), name="rfq-cancel"),
]
