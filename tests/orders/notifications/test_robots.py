"""WeCom, DingTalk and Feishu group robots: their message JSON, a readable text in the
organisation's language, the signatures, and the same retries, SSRF rules and delivery log."""

import base64
import hashlib
import hmac
import json
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import transaction

from orders.notifications.models import WebhookDelivery, WebhookEndpoint
from orders.notifications.services import outbox_event_dispatch, outbox_publish, webhook_delivery_send
from tests.factories import OrganizationFactory
from tests.orders.notifications.conftest import Receiver

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"
SHIPPED = {"id": 7, "number": "YD-20261130-0007", "status": "shipped"}


def register(client, url: str, fmt: str, language: str = "zh-hans", **extra) -> dict:
    """Registered as a user whose language is `language` (Token auth applies it; here the header does)."""
    body = {"url": url, "events": ["order.shipped"], "format": fmt, **extra}
    response = client.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 201, response.json()
    return response.json()


def ship(organization_id: int) -> WebhookDelivery:
    with transaction.atomic():
        (event,) = outbox_publish(event_type="order.shipped", data=SHIPPED, organization_ids=[organization_id])
    outbox_event_dispatch(event_id=event.pk)
    delivery = WebhookDelivery.objects.get(event=event, attempt=1)
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


@pytest.fixture
def robot_org(make_client):
    organization = OrganizationFactory(kind="supplier", status="verified")
    return organization, make_client(organization, language="zh-hans")


def test_wecom_posts_markdown_in_the_organisations_language(receiver: Receiver, allow_private, robot_org) -> None:
    organization, client = robot_org
    body = register(client, receiver.url, "wecom")
    assert (body["format"], body["secret"]) == ("wecom", "")
    delivery = ship(organization.pk)
    assert delivery.status == "delivered"
    [received] = receiver.requests
    message = received.json
    assert message["msgtype"] == "markdown"
    assert "订单 YD-20261130-0007 已发货" in message["markdown"]["content"]
    assert "webhook-signature" not in received.headers


def test_dingtalk_signs_the_query_string(receiver: Receiver, allow_private, robot_org) -> None:
    organization, client = robot_org
    secret = "SEC0123456789abcdef"
    body = register(client, receiver.url + "?access_token=abc", "dingtalk", secret=secret)
    assert body["secret"] == secret
    assert ship(organization.pk).status == "delivered"
    [received] = receiver.requests
    query = parse_qs(urlsplit(received.path).query)
    assert query["access_token"] == ["abc"]
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]
    assert received.json["msgtype"] == "markdown"
    assert "YD-20261130-0007" in received.json["markdown"]["text"]


def test_feishu_signs_the_body(receiver: Receiver, allow_private, robot_org) -> None:
    organization, client = robot_org
    secret = "feishu-secret"
    register(client, receiver.url, "feishu", secret=secret)
    assert ship(organization.pk).status == "delivered"
    message = receiver.requests[0].json
    assert message["msg_type"] == "text"
    assert "订单 YD-20261130-0007 已发货" in message["content"]["text"]
    key = f"{message['timestamp']}\n{secret}".encode()
    assert message["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def test_the_text_follows_the_organisation_language(receiver: Receiver, allow_private, make_client) -> None:
    english = OrganizationFactory(kind="supplier", status="verified")
    register(make_client(english, language="en"), receiver.url, "feishu", language="en")
    ship(english.pk)
    text = receiver.requests[0].json["content"]["text"]
    assert "Order YD-20261130-0007 has shipped." in text
    assert "sign" not in receiver.requests[0].json  # no secret: unsigned


def test_a_robot_refusal_in_a_200_is_a_failed_attempt_and_retried(receiver: Receiver, allow_private, robot_org) -> None:
    organization, client = robot_org
    register(client, receiver.url, "dingtalk", secret="bad")
    receiver.bodies.append(json.dumps({"errcode": 310000, "errmsg": "sign not match"}).encode())
    delivery = ship(organization.pk)
    assert delivery.status == "failed"
    assert "310000" in delivery.error
    assert WebhookDelivery.objects.filter(endpoint__organization=organization, status="pending", attempt=2).exists()
    log = client.get(f"{URL}{delivery.endpoint_id}/deliveries/").json()["results"]
    assert {row["attempt"] for row in log} == {1, 2}


@pytest.mark.parametrize(("fmt", "prefix"), [("standard", "whsec_"), ("wecom", "")])
def test_only_dingtalk_and_feishu_keep_a_given_secret(supplier_client, fmt, prefix) -> None:
    body = {"url": "https://93.184.215.14/h", "events": ["order.shipped"], "format": fmt, "secret": "whsec_mine"}
    response = supplier_client.post(URL, body, format="json")
    assert response.status_code == 201
    secret = response.json()["secret"]
    assert secret != "whsec_mine"
    assert secret.startswith(prefix)
    assert bool(secret) is bool(prefix)


def test_standard_stays_the_default_with_a_generated_secret(supplier_client) -> None:
    body = register(supplier_client, "https://93.184.215.14/h", "standard")
    assert body["secret"].startswith("whsec_")
    response = supplier_client.post(URL, {"url": "https://93.184.215.14/h", "events": ["order.shipped"]})
    assert (response.json()["format"], response.json()["secret"][:6]) == ("standard", "whsec_")


def test_unknown_format_is_400(supplier_client) -> None:
    response = supplier_client.post(
        URL, {"url": "https://93.184.215.14/h", "events": ["order.shipped"], "format": "slack"}, format="json"
    )
    assert response.status_code == 400
    assert "format" in response.json()["errors"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/h", "http://10.0.0.8/h", "http://[::1]/h"])
def test_robots_keep_the_ssrf_rules(supplier_client, url) -> None:
    response = supplier_client.post(URL, {"url": url, "events": ["order.shipped"], "format": "wecom"}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()["errors"]


def test_a_host_that_later_resolves_to_loopback_is_refused_at_send(robot_org, monkeypatch) -> None:
    organization, client = robot_org
    endpoint = register(client, "https://robot.invalid/send", "wecom")
    assert WebhookEndpoint.objects.get(pk=endpoint["id"]).url == "https://robot.invalid/send"

    def loopback(host, port, *args, **kwargs):  # the outside world's DNS, now answering
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", loopback)
    delivery = ship(organization.pk)
    assert delivery.status == "failed"
    assert "private" in delivery.error
    assert not WebhookDelivery.objects.filter(endpoint_id=endpoint["id"], status="pending").exists()


def test_a_host_that_does_not_resolve_at_send_is_retried(robot_org) -> None:
    organization, client = robot_org
    endpoint = register(client, "https://robot.invalid/send", "wecom")
    delivery = ship(organization.pk)
    assert delivery.status == "failed"
    assert "resolved" in delivery.error
    assert WebhookDelivery.objects.filter(endpoint_id=endpoint["id"], status="pending", attempt=2).exists()


def test_robot_secrets_are_not_rotated(robot_org) -> None:
    _organization, client = robot_org
    endpoint = register(client, "https://93.184.215.14/h", "dingtalk", secret="s")
    assert client.post(f"{URL}{endpoint['id']}/rotate-secret/").status_code == 409
