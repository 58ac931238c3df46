import base64

import pytest
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization
from orders.notifications.models import WebhookDelivery, WebhookEndpoint
from orders.notifications.services import outbox_event_dispatch, outbox_publish
from tests.orders.notifications.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.215.14/hooks/yd"


def test_register_webhook_returns_secret(supplier_client: APIClient) -> None:
    response = supplier_client.post("/api/v1/webhooks/", {"url": PUBLIC_URL, "events": ["order.placed", "rfq.matched"]})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "url", "events", "format", "secret"}
    assert (body["url"], sorted(body["events"])) == (PUBLIC_URL, ["order.placed", "rfq.matched"])
    assert body["secret"].startswith("whsec_")
    assert 24 <= len(base64.b64decode(body["secret"].removeprefix("whsec_"))) <= 32
    assert WebhookEndpoint.objects.get(pk=body["id"]).organization == supplier_client.user.organization


def test_list_hides_the_secret(supplier_client: APIClient, supplier: Organization) -> None:
    endpoint = WebhookEndpointFactory(organization=supplier)
    WebhookEndpointFactory()
    response = supplier_client.get("/api/v1/webhooks/")
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item["id"] == endpoint.pk
    assert {"id", "url", "events", "is_active", "created_at"} <= set(item)
    assert "secret" not in item


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": PUBLIC_URL, "events": ["order.teleported"]}, "events.0"),
        ({"url": PUBLIC_URL, "events": []}, "events"),
        ({"url": PUBLIC_URL, "events": "order.placed"}, "events"),
        ({"url": PUBLIC_URL}, "events"),
        ({"url": "ftp://93.184.215.14/x", "events": ["order.placed"]}, "url"),
        ({"url": "not a url", "events": ["order.placed"]}, "url"),
        ({"url": 12, "events": ["order.placed"]}, "url"),
        ({"url": None, "events": ["order.placed"]}, "url"),
        ({"url": "https://" + "a" * 2100 + ".com/", "events": ["order.placed"]}, "url"),
        ({"events": ["order.placed"]}, "url"),
    ],
)
def test_bad_registration_is_400(supplier_client: APIClient, payload: dict, field: str) -> None:
    response = supplier_client.post("/api/v1/webhooks/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_private_url_is_refused_at_registration(supplier_client: APIClient, url: str) -> None:
    response = supplier_client.post("/api/v1/webhooks/", {"url": url, "events": ["order.placed"]}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()["errors"]


def test_private_url_is_allowed_when_configured(supplier_client: APIClient, settings: object) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True
    response = supplier_client.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9/h", "events": ["order.placed"]})
    assert response.status_code == 201


def test_unresolvable_host_is_accepted_and_checked_at_send(supplier_client: APIClient) -> None:
    response = supplier_client.post(
        "/api/v1/webhooks/", {"url": "https://no-such-host.invalid/h", "events": ["order.placed"]}
    )
    assert response.status_code == 201


def test_registration_replays_with_the_same_idempotency_key(supplier_client: APIClient) -> None:
    payload = {"url": PUBLIC_URL, "events": ["order.placed"]}
    first = supplier_client.post("/api/v1/webhooks/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    second = supplier_client.post("/api/v1/webhooks/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert WebhookEndpoint.objects.count() == 1


def test_delete_webhook(supplier_client: APIClient, supplier: Organization) -> None:
    endpoint = WebhookEndpointFactory(organization=supplier)
    assert supplier_client.delete(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_rotate_secret_returns_a_new_secret(supplier_client: APIClient, supplier: Organization) -> None:
    endpoint = WebhookEndpointFactory(organization=supplier)
    response = supplier_client.post(f"/api/v1/webhooks/{endpoint.pk}/rotate-secret/")
    assert response.status_code == 200
    assert response.json()["secret"] != endpoint.secret
    endpoint.refresh_from_db()
    assert endpoint.previous_secret
    assert endpoint.previous_secret_expires_at


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("delete", ""), ("post", "rotate-secret/"), ("get", "deliveries/")],
)
def test_another_organisations_webhook_is_404(supplier_client: APIClient, method: str, suffix: str) -> None:
    other = WebhookEndpointFactory()
    response = getattr(supplier_client, method)(f"/api/v1/webhooks/{other.pk}/{suffix}")
    assert response.status_code == 404
    assert WebhookEndpoint.objects.filter(pk=other.pk, secret=other.secret).exists()


@pytest.mark.parametrize("pk", ["99999999", "99999999999999999999999"])
def test_unknown_webhook_is_404(supplier_client: APIClient, pk: str) -> None:
    assert supplier_client.get(f"/api/v1/webhooks/{pk}/deliveries/").status_code == 404


def test_staff_without_organisation_is_403(staff_client: APIClient) -> None:
    assert staff_client.get("/api/v1/webhooks/").status_code == 403


def test_anonymous_is_401(api_client: APIClient) -> None:
    assert api_client.get("/api/v1/webhooks/").status_code == 401


def test_deliveries_list_each_attempt(
    supplier_client: APIClient, supplier: Organization, django_assert_max_num_queries: object
) -> None:
    endpoint = WebhookEndpointFactory(organization=supplier, url="http://127.0.0.1:9/h", events=["order.placed"])
    (event,) = outbox_publish(
        event_type="order.placed", data={"id": 1, "number": "YD-1", "status": "placed"}, organization_ids=[supplier.pk]
    )
    outbox_event_dispatch(event_id=event.pk)
    with django_assert_max_num_queries(5):
        response = supplier_client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/")
    assert response.status_code == 200
    (item,) = response.json()["results"]
    delivery = WebhookDelivery.objects.get()
    assert item["id"] == delivery.pk
    assert item["delivery_id"] == f"msg_{event.pk}"
    assert (item["event_type"], item["status"], item["attempt"]) == ("order.placed", "pending", 1)
    assert {"response_status_code", "error", "next_attempt_at", "created_at", "delivered_at"} <= set(item)
