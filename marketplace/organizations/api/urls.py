from django.urls import path

from marketplace.organizations.api import views

urlpatterns = [
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("organizations/<int:pk>/verify/", views.OrganizationVerifyView.as_view(), name="organization-verify"),
]
