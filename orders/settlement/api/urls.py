from django.urls import path

from orders.settlement.api import views

urlpatterns = [
    path("settlements/", views.SettlementListView.as_view(), name="settlement-list"),
]
