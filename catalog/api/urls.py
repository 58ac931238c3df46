from django.urls import path

from catalog.api import views

urlpatterns = [
    path("listings/", views.ListingListCreateView.as_view(), name="listing-list"),
    path("listings/bulk/", views.ListingBulkView.as_view(), name="listing-bulk"),
    path("listings/<int:pk>/", views.ListingDetailView.as_view(), name="listing-detail"),
    path("listing-imports/", views.ListingImportCreateView.as_view(), name="listing-import-list"),
    path("listing-imports/template/", views.ListingImportTemplateView.as_view(), name="listing-import-template"),
    path("listing-imports/<int:pk>/", views.ListingImportDetailView.as_view(), name="listing-import-detail"),
    path("designations/parse/", views.DesignationParseView.as_view(), name="designation-parse"),
]
