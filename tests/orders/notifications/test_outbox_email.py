"""E-mail leaves the outbox with no lock held, and a lost worker leaves a claim behind, never a gap."""

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone

from orders.notifications.models import Notification, OutboxEvent
from orders.notifications.services import outbox_event_dispatch
from orders.notifications.services.outbox import EMAIL_LEASE, _email_record
from orders.notifications.tasks import outbox_sweep
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.notifications.backends import ProbeBackend, WorkerDied

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = {"id": 9, "number": "YD-20261130-0009", "status": "placed"}


@pytest.fixture(autouse=True)
def probe_backend(settings: object) -> Iterator[None]:
    settings.EMAIL_BACKEND = "tests.orders.notifications.backends.ProbeBackend"
    ProbeBackend.probes, ProbeBackend.die_after_send, ProbeBackend.delay = [], False, 0.0
    mail.outbox = []
    yield
    ProbeBackend.probes, ProbeBackend.die_after_send, ProbeBackend.delay = [], False, 0.0


def published_event() -> OutboxEvent:
    """A stored event whose dispatch task was lost (publishing would dispatch it on commit, in-process)."""
    org = OrganizationFactory()
    UserFactory(organization=org)
    return OutboxEvent.objects.create(type="order.placed", organization=org, data=ORDER)


def test_email_is_sent_with_no_transaction_open_and_the_row_unlocked() -> None:
    event = published_event()
    outbox_event_dispatch(event_id=event.pk)
    (probe,) = ProbeBackend.probes
    assert not probe.sender_in_transaction
    assert not probe.row_locked
    event.refresh_from_db()
    assert (event.status, event.attempts, event.email_claimed_at) == ("dispatched", 1, None)


def test_the_attempt_is_claimed_in_the_row_before_the_mail_goes_out() -> None:
    event = published_event()
    outbox_event_dispatch(event_id=event.pk)
    (probe,) = ProbeBackend.probes
    assert (probe.claimed, probe.attempts) == (True, 1)


def test_a_worker_lost_after_sending_leaves_its_claim_and_the_sweep_retries_after_the_lease() -> None:
    event = published_event()
    ProbeBackend.die_after_send = True
    with pytest.raises(WorkerDied):
        outbox_event_dispatch(event_id=event.pk)
    event.refresh_from_db()
    assert (event.status, event.attempts) == ("pending", 1)
    assert event.email_claimed_at is not None  # the attempt is on record

    # Within the lease no one sends again: not a second dispatch, not the sweep.
    outbox_event_dispatch(event_id=event.pk)
    assert outbox_sweep.delay(older_than_seconds=0).get() == 0
    assert len(mail.outbox) == 1

    OutboxEvent.objects.filter(pk=event.pk).update(email_claimed_at=timezone.now() - EMAIL_LEASE - timedelta(seconds=1))
    assert outbox_sweep.delay(older_than_seconds=0).get() == 1
    event.refresh_from_db()
    assert (event.status, event.attempts, event.email_claimed_at) == ("dispatched", 2, None)
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert Notification.objects.filter(event=event).count() == 1


def test_a_late_outcome_of_a_superseded_attempt_is_not_recorded() -> None:
    event = published_event()
    ProbeBackend.die_after_send = True
    with pytest.raises(WorkerDied):
        outbox_event_dispatch(event_id=event.pk)
    OutboxEvent.objects.filter(pk=event.pk).update(email_claimed_at=timezone.now() - EMAIL_LEASE - timedelta(seconds=1))
    outbox_event_dispatch(event_id=event.pk)
    _email_record(event_id=event.pk, attempt=1, error="OSError: late news of attempt 1")
    event.refresh_from_db()
    assert (event.status, event.attempts, event.last_error) == ("dispatched", 2, "")


def test_two_workers_dispatching_one_event_at_once_send_one_mail() -> None:
    event = published_event()
    ProbeBackend.delay = 0.5
    barrier = threading.Barrier(2)

    def dispatch() -> None:
        try:
            barrier.wait()
            outbox_event_dispatch(event_id=event.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mail.outbox) == 1
    event.refresh_from_db()
    assert (event.status, event.attempts) == ("dispatched", 1)
    assert Notification.objects.filter(event=event).count() == 1
