from django.urls import path

from orders.api import views

urlpatterns = [
    path("orders/", views.OrderListCreateView.as_view(), name="order-list"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<int:pk>/confirm/", views.OrderConfirmView.as_view(), name="order-confirm"),
    path("orders/<int:pk>/ship/", views.OrderShipView.as_view(), name="order-ship"),
    path("orders/<int:pk>/deliver/", views.OrderDeliverView.as_view(), name="order-deliver"),
    path("orders/<int:pk>/cancel/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<int:pk>/events/", views.OrderEventListView.as_view(), name="order-events"),
]
