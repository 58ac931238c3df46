"""Test-only mail backends: the outside world of the outbox's e-mail, observed while it sends."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, connection, connections, transaction

from orders.notifications.models import OutboxEvent


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside the process: nothing after it runs."""


@dataclass
class Probe:
    sender_in_transaction: bool
    row_locked: bool
    attempts: int
    claimed: bool


def in_other_connection(call: Callable[[], object]) -> object:
    """Run `call` in a thread of its own, so on a database connection of its own."""
    result: list[object] = []

    def run() -> None:
        try:
            result.append(call())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


def _row_locked(event_id: int) -> bool:
    try:
        with transaction.atomic():
            OutboxEvent.objects.select_for_update(nowait=True).get(pk=event_id)
    except DatabaseError:
        return True
    return False


def _event_id(message: EmailMessage) -> int:
    return int(message.extra_headers["Message-ID"].split("-")[1])


class ProbeBackend(BaseEmailBackend):
    """Delivers to `mail.outbox` like locmem, and records what the sender held at that moment.

    `die_after_send` makes the next send raise WorkerDied once the mail has gone; `delay` slows each send.
    """

    probes: ClassVar[list[Probe]] = []
    die_after_send: ClassVar[bool] = False
    delay: ClassVar[float] = 0.0

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        event_id = _event_id(email_messages[0])
        state = in_other_connection(
            lambda: (
                _row_locked(event_id),
                OutboxEvent.objects.values_list("attempts", "email_claimed_at").get(pk=event_id),
            )
        )
        locked, (attempts, claimed_at) = state
        ProbeBackend.probes.append(
            Probe(connection.in_atomic_block, locked, attempts=attempts, claimed=claimed_at is not None)
        )
        time.sleep(ProbeBackend.delay)
        if not hasattr(mail, "outbox"):
            mail.outbox = []
        mail.outbox.extend(email_messages)
        if ProbeBackend.die_after_send:
            ProbeBackend.die_after_send = False
            raise WorkerDied
        return len(email_messages)
