from django.urls import path

from marketplace.pools.api import views

urlpatterns = [
    path("pools/", views.PoolListCreateView.as_view(), name="pool-list"),
    path("pools/<int:pk>/", views.PoolDetailView.as_view(), name="pool-detail"),
    path("pools/<int:pk>/commit/", views.PoolCommitView.as_view(), name="pool-commit"),
    path("pools/<int:pk>/withdraw/", views.PoolWithdrawView.as_view(), name="pool-withdraw"),
]
