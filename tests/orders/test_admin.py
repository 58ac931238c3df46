from collections.abc import Callable

import pytest
from django.test import Client

from catalog.models import Listing
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.factories import stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser() -> Client:
    client = Client()
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    return client


def test_changelist_and_change_page_render(
    admin_browser: Client, place: Callable, listing: Listing, django_assert_max_num_queries: Callable
) -> None:
    order = place(listing)
    for _ in range(5):
        place(listing)
    with django_assert_max_num_queries(12):
        assert admin_browser.get("/admin/orders/order/").status_code == 200
    assert admin_browser.get("/admin/orders/order/", {"q": order.number}).status_code == 200
    page = admin_browser.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.status_code == 200
    assert order.number in page.content.decode()


def test_cancel_action_goes_through_the_service(admin_browser: Client, place: Callable, listing: Listing) -> None:
    placed = place(listing, quantity=3)
    response = admin_browser.post(
        "/admin/orders/order/", {"action": "cancel", "_selected_action": [placed.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Order.objects.get(pk=placed.pk).status == "cancelled"
    assert stock_of(listing) == (10, 0)
    assert placed.events.last().note == "Cancelled by market staff."
