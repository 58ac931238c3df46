from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from marketplace.core.api.views import HealthView, SwaggerView

api_v1 = [
    path("", include("marketplace.organizations.api.urls")),
    path("", include("catalog.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("orders.settlement.api.urls")),
    path("", include("orders.notifications.api.urls")),
    path("", include("orders.claims.api.urls")),
    path("", include("marketplace.rfqs.api.urls")),
    path("", include("marketplace.pools.api.urls")),
    path("", include("marketplace.custom.api.urls")),
    path("", include("marketplace.insights.api.urls")),
]

urlpatterns = [
    path("healthz", HealthView.as_view(), name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    # The admin's language switch posts to set_language here.
    path("i18n/", include("django.conf.urls.i18n")),
]

# Under /api/ even Django's own error pages answer in the API's JSON error shape.
handler400 = "marketplace.core.api.handlers.bad_request"
handler403 = "marketplace.core.api.handlers.permission_denied"
handler404 = "marketplace.core.api.handlers.not_found"
handler500 = "marketplace.core.api.handlers.server_error"
