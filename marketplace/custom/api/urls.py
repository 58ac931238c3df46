from django.urls import path

from marketplace.custom.api import views

urlpatterns = [
    path("capabilities/", views.CapabilitiesView.as_view(), name="capabilities"),
    path(
        "organizations/<int:pk>/capabilities/",
        views.OrganizationCapabilitiesView.as_view(),
        name="organization-capabilities",
    ),
    path("custom-requests/", views.CustomRequestListCreateView.as_view(), name="custom-request-list"),
    path("custom-requests/<int:pk>/", views.CustomRequestDetailView.as_view(), name="custom-request-detail"),
    path(
        "custom-requests/<int:pk>/capable-suppliers/",
        views.CapableSuppliersView.as_view(),
        name="custom-request-capable-suppliers",
    ),
    path("custom-requests/<int:pk>/drawings/", views.DrawingUploadView.as_view(), name="custom-request-drawings"),
    path(
        "custom-requests/<int:pk>/drawings/<int:drawing_pk>/",
        views.DrawingDownloadView.as_view(),
        name="custom-request-drawing",
    ),
    path("custom-requests/<int:pk>/accept-nda/", views.NdaAcceptView.as_view(), name="custom-request-accept-nda"),
    path("custom-requests/<int:pk>/access-log/", views.AccessLogView.as_view(), name="custom-request-access-log"),
    path("custom-requests/<int:pk>/quotes/", views.CustomQuotesView.as_view(), name="custom-request-quotes"),
    path("custom-requests/<int:pk>/award/", views.CustomAwardView.as_view(), name="custom-request-award"),
    path("custom-requests/<int:pk>/cancel/", views.CustomRequestCancelView.as_view(), name="custom-request-cancel"),
    path("custom-requests/<int:pk>/events/", views.CustomRequestEventsView.as_view(), name="custom-request-events"),
]
