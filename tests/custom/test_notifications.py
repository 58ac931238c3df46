"""The custom events: webhooks may subscribe to them, e-mails have their own subjects, drawings replay by key."""

import pytest

from marketplace.custom.models import Drawing
from orders.notifications.services.email import email_subject
from tests.custom.conftest import REQUESTS, pdf

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.215.14/hooks/yd"
EVENTS = ["custom_request.matched", "custom_quote.submitted", "custom_request.awarded"]


def test_webhooks_subscribe_to_custom_events(supplier_client):
    response = supplier_client.post("/api/v1/webhooks/", {"url": PUBLIC_URL, "events": EVENTS}, format="json")
    assert response.status_code == 201, response.content
    assert sorted(response.json()["events"]) == sorted(EVENTS)


@pytest.mark.parametrize(
    ("event_type", "language", "subject"),
    [
        ("custom_request.matched", "en", "New custom bearing request #7 fits your capabilities"),
        ("custom_quote.submitted", "zh-hans", "您的非标需求 #7 收到了新报价"),
        ("custom_request.awarded", "en", "Custom request #7 was awarded"),
    ],
)
def test_custom_events_have_e_mail_subjects(event_type, language, subject):
    assert email_subject(event_type=event_type, data={"id": 7}, language=language) == subject


def test_drawing_upload_replays_by_idempotency_key(buyer_client, open_request):
    request = open_request()
    url = f"{REQUESTS}{request['id']}/drawings/"
    first = buyer_client.post(url, {"file": pdf()}, format="multipart", HTTP_IDEMPOTENCY_KEY="drawing-1")
    second = buyer_client.post(url, {"file": pdf()}, format="multipart", HTTP_IDEMPOTENCY_KEY="drawing-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert Drawing.objects.count() == 1


def test_matched_supplier_gets_a_notification_and_an_e_mail(
    settings, buyer_client, maker, maker_client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.custom.conftest import request_body

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        rid = buyer_client.post(REQUESTS, request_body(), format="json").json()["id"]
    notifications = maker_client.get("/api/v1/notifications/").json()["results"]
    assert [(n["type"], n["data"]["id"]) for n in notifications] == [("custom_request.matched", rid)]
    assert [m.subject for m in mail.outbox] == [f"New custom bearing request #{rid} fits your capabilities"]
    assert mail.outbox[0].to == [maker_client.user.email]
