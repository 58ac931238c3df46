from django.urls import path

from orders.claims.api import views

urlpatterns = [
    path("orders/<int:pk>/claims/", views.OrderClaimCreateView.as_view(), name="order-claim-create"),
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<int:pk>/events/", views.ClaimEventListView.as_view(), name="claim-events"),
    path("claims/<int:pk>/evidence/", views.ClaimEvidenceView.as_view(), name="claim-evidence"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_id>/",
        views.ClaimEvidenceDownloadView.as_view(),
        name="claim-evidence-download",
    ),
    path("claims/<int:pk>/respond/", views.ClaimRespondView.as_view(), name="claim-respond"),
    path("claims/<int:pk>/accept-offer/", views.ClaimOfferAcceptView.as_view(), name="claim-accept-offer"),
    path("claims/<int:pk>/escalate/", views.ClaimEscalateView.as_view(), name="claim-escalate"),
    path("claims/<int:pk>/withdraw/", views.ClaimWithdrawView.as_view(), name="claim-withdraw"),
    path("claims/<int:pk>/resolve/", views.ClaimResolveView.as_view(), name="claim-resolve"),
]
