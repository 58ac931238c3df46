import pytest
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization
from orders.notifications.models import Notification
from tests.orders.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_lists_own_notifications_newest_first(buyer_client: APIClient, buyer: Organization) -> None:
    older = NotificationFactory(organization=buyer)
    newer = NotificationFactory(organization=buyer, type="order.confirmed")
    NotificationFactory()
    response = buyer_client.get("/api/v1/notifications/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["id"] for item in results] == [newer.pk, older.pk]
    assert set(results[0]) == {"id", "type", "data", "created_at", "read_at"}
    assert (results[0]["type"], results[0]["read_at"]) == ("order.confirmed", None)


def test_unread_filter(buyer_client: APIClient, buyer: Organization) -> None:
    unread = NotificationFactory(organization=buyer)
    read = NotificationFactory(organization=buyer)
    buyer_client.post(f"/api/v1/notifications/{read.pk}/read/")
    assert [n["id"] for n in buyer_client.get("/api/v1/notifications/?unread=true").json()["results"]] == [unread.pk]
    assert [n["id"] for n in buyer_client.get("/api/v1/notifications/?unread=false").json()["results"]] == [read.pk]


@pytest.mark.parametrize("value", ["maybe", "2", "[]"])
def test_bad_unread_value_is_400(buyer_client: APIClient, value: str) -> None:
    response = buyer_client.get("/api/v1/notifications/", {"unread": value})
    assert response.status_code == 400
    assert "unread" in response.json()["errors"]


def test_mark_read_returns_the_item_and_keeps_the_first_time(buyer_client: APIClient, buyer: Organization) -> None:
    notification = NotificationFactory(organization=buyer)
    first = buyer_client.post(f"/api/v1/notifications/{notification.pk}/read/")
    assert first.status_code == 200
    assert first.json()["id"] == notification.pk
    assert first.json()["read_at"] is not None
    second = buyer_client.post(f"/api/v1/notifications/{notification.pk}/read/")
    assert second.json()["read_at"] == first.json()["read_at"]


@pytest.mark.parametrize("pk", ["other", "0", "99999999999999999999"])
def test_marking_another_organisations_notification_is_404(buyer_client: APIClient, pk: str) -> None:
    other = NotificationFactory()
    target = other.pk if pk == "other" else pk
    assert buyer_client.post(f"/api/v1/notifications/{target}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_anonymous_is_401(api_client: APIClient) -> None:
    assert api_client.get("/api/v1/notifications/").status_code == 401


def test_list_query_count_is_constant(
    buyer_client: APIClient, buyer: Organization, django_assert_max_num_queries: object
) -> None:
    NotificationFactory.create_batch(20, organization=buyer)
    with django_assert_max_num_queries(3):
        response = buyer_client.get("/api/v1/notifications/?page_size=10")
    assert len(response.json()["results"]) == 10
    assert response.json()["next"] is not None
    assert Notification.objects.count() == 20
