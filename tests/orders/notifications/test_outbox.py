from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from orders.notifications.models import Notification, OutboxEvent, WebhookDelivery
from orders.notifications.services import outbox_event_dispatch, outbox_publish
from orders.notifications.tasks import outbox_sweep
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.notifications.conftest import Receiver
from tests.orders.notifications.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

ORDER = {"id": 7, "number": "YD-20260301-0007", "status": "placed"}


class Boom(Exception):
    pass


def publish(org_ids: list[int], event_type: str = "order.placed") -> list[OutboxEvent]:
    with transaction.atomic():
        return outbox_publish(event_type=event_type, data=ORDER, organization_ids=org_ids)


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks: object) -> None:
    org = OrganizationFactory()
    UserFactory(organization=org)

    def change_then_fail() -> None:
        with transaction.atomic():
            outbox_publish(event_type="order.placed", data=ORDER, organization_ids=[org.pk])
            raise Boom

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom):
        change_then_fail()
    assert callbacks == []
    assert not OutboxEvent.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_committed_change_notifies_emails_and_calls_webhooks(
    django_capture_on_commit_callbacks: object, receiver: Receiver, allow_private: None
) -> None:
    org = OrganizationFactory()
    user = UserFactory(organization=org, language="en")
    endpoint = WebhookEndpointFactory(organization=org, url=receiver.url, events=["order.placed"])
    with django_capture_on_commit_callbacks(execute=True):
        (event,) = publish([org.pk])
    event.refresh_from_db()
    assert (event.status, event.attempts) == ("dispatched", 1)
    notification = Notification.objects.get(organization=org)
    assert (notification.type, notification.data, notification.event_id) == ("order.placed", ORDER, event.pk)
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Order YD-20260301-0007 was placed"
    assert "YD-20260301-0007" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempt, delivery.response_status_code) == ("delivered", 1, 200)
    assert receiver.requests[0].json["type"] == "order.placed"
    assert receiver.requests[0].json["data"] == ORDER


def test_email_is_in_each_users_language(django_capture_on_commit_callbacks: object) -> None:
    org = OrganizationFactory()
    UserFactory(organization=org, language="zh-hans", email="li@example.com")
    UserFactory(organization=org, language="en", email="ann@example.com")
    UserFactory(organization=org, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        publish([org.pk], "order.shipped")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "li@example.com": "订单 YD-20260301-0007 已发货",
        "ann@example.com": "Order YD-20260301-0007 was shipped",
    }
    chinese = next(message for message in mail.outbox if message.to == ["li@example.com"])
    assert "订单号" in chinese.body
    assert "订单号" in chinese.alternatives[0].content


def test_each_organisation_gets_its_own_notification(django_capture_on_commit_callbacks: object) -> None:
    buyer, supplier = OrganizationFactory(kind="buyer"), OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish([buyer.pk, supplier.pk, buyer.pk])
    assert sorted(Notification.objects.values_list("organization_id", flat=True)) == sorted([buyer.pk, supplier.pk])


def test_dispatching_an_event_twice_notifies_once() -> None:
    org = OrganizationFactory()
    UserFactory(organization=org)
    (event,) = publish([org.pk])
    outbox_event_dispatch(event_id=event.pk)
    outbox_event_dispatch(event_id=event.pk)
    assert Notification.objects.filter(organization=org).count() == 1
    assert len(mail.outbox) == 1


def test_failed_email_keeps_the_event_pending_and_retries_without_duplicates(
    settings: object, receiver: Receiver, allow_private: None
) -> None:
    org = OrganizationFactory()
    UserFactory(organization=org)
    WebhookEndpointFactory(organization=org, url=receiver.url, events=["order.placed"])
    (event,) = publish([org.pk])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    outbox_event_dispatch(event_id=event.pk)
    event.refresh_from_db()
    assert (event.status, event.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in event.last_error
    assert event.next_attempt_at > timezone.now()
    assert Notification.objects.filter(event=event).count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_sweep.delay(older_than_seconds=0).get() == 0  # not due yet
    OutboxEvent.objects.filter(pk=event.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert outbox_sweep.delay(older_than_seconds=0).get() == 1
    event.refresh_from_db()
    assert (event.status, event.attempts, event.last_error) == ("dispatched", 2, "")
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(event=event).count() == 1
    assert WebhookDelivery.objects.filter(event=event).count() == 1


def test_email_gives_up_after_its_retries_but_the_event_is_kept(settings: object) -> None:
    org = OrganizationFactory()
    UserFactory(organization=org)
    (event,) = publish([org.pk])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    for _attempt in range(11):
        OutboxEvent.objects.filter(pk=event.pk).update(next_attempt_at=None)
        outbox_event_dispatch(event_id=event.pk)
    event.refresh_from_db()
    assert (event.status, event.attempts) == ("failed", 11)
    assert Notification.objects.filter(event=event).count() == 1


def test_sweep_dispatches_events_a_lost_task_left_pending() -> None:
    org = OrganizationFactory()
    UserFactory(organization=org)
    events = [OutboxEvent.objects.create(type="order.confirmed", organization=org, data=ORDER) for _ in range(3)]
    assert outbox_sweep.delay(older_than_seconds=60).get() == 0
    assert outbox_sweep.delay(older_than_seconds=0).get() == 3
    assert set(OutboxEvent.objects.values_list("status", flat=True)) == {"dispatched"}
    assert Notification.objects.filter(event__in=events).count() == 3


def test_only_subscribed_active_endpoints_of_the_organisation_get_deliveries(
    django_capture_on_commit_callbacks: object,
) -> None:
    org = OrganizationFactory()
    subscribed = WebhookEndpointFactory(organization=org, events=["order.placed"])
    WebhookEndpointFactory(organization=org, events=["order.shipped"])
    WebhookEndpointFactory(organization=org, events=["order.placed"], is_active=False)
    WebhookEndpointFactory(events=["order.placed"])
    (event,) = publish([org.pk])
    outbox_event_dispatch(event_id=event.pk)
    assert list(WebhookDelivery.objects.values_list("endpoint_id", flat=True)) == [subscribed.pk]
