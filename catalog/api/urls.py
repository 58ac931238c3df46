from django.urls import path

from catalog.api import authorizations, views

urlpatterns = [
    path("listings/", views.ListingListCreateView.as_view(), name="listing-list"),
    path("listings/bulk/", views.ListingBulkView.as_view(), name="listing-bulk"),
    path("listings/confirm-stock/", views.ListingConfirmStockView.as_view(), name="listing-confirm-stock"),
    path("listings/<int:pk>/", views.ListingDetailView.as_view(), name="listing-detail"),
    path("listing-imports/", views.ListingImportCreateView.as_view(), name="listing-import-list"),
    path("listing-imports/template/", views.ListingImportTemplateView.as_view(), name="listing-import-template"),
    path("listing-imports/<int:pk>/", views.ListingImportDetailView.as_view(), name="listing-import-detail"),
    path(
        "brand-authorizations/",
        authorizations.BrandAuthorizationListCreateView.as_view(),
        name="brand-authorization-list",
    ),
    path(
        "brand-authorizations/<int:pk>/",
        authorizations.BrandAuthorizationDetailView.as_view(),
        name="brand-authorization-detail",
    ),
    path(
        "brand-authorizations/<int:pk>/document/",
        authorizations.BrandAuthorizationDocumentView.as_view(),
        name="brand-authorization-document",
    ),
    path(
        "brand-authorizations/<int:pk>/verify/",
        authorizations.BrandAuthorizationVerifyView.as_view(),
        name="brand-authorization-verify",
    ),
    path(
        "brand-authorizations/<int:pk>/reject/",
        authorizations.BrandAuthorizationRejectView.as_view(),
        name="brand-authorization-reject",
    ),
    path("designations/parse/", views.DesignationParseView.as_view(), name="designation-parse"),
]
