from django.urls import path  # noqa: F401 - routes are added here

urlpatterns: list = []
